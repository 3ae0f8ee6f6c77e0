// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { moveBefore } from './public-order';

describe('moving in a public order', () => {
  it('puts an item before another, or at the end', () => {
    expect(moveBefore([1, 2, 3, 4], 4, 2)).toEqual([1, 4, 2, 3]);
    expect(moveBefore([1, 2, 3, 4], 1, 4)).toEqual([2, 3, 1, 4]);
    expect(moveBefore([1, 2, 3, 4], 2, null)).toEqual([1, 3, 4, 2]);
  });

  it('leaves the order as it is for a missing item, a missing neighbour or itself', () => {
    expect(moveBefore([1, 2, 3], 9, 1)).toEqual([1, 2, 3]);
    expect(moveBefore([1, 2, 3], 1, 9)).toEqual([1, 2, 3]);
    expect(moveBefore([1, 2, 3], 2, 2)).toEqual([1, 2, 3]);
  });
});
