import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './sparkline';

describe('sparkline', () => {
  it('draws the sparkline with the largest value at the top and zero on the bottom edge', () => {
    expect(sparklinePoints([0, 5, 10], 100, 20)).toBe('0,20 50,10 100,0');
    expect(sparklinePoints([0, 0], 100, 20)).toBe('0,20 100,20');
    expect(sparklinePoints([4], 100, 20)).toBe('0,0');
    expect(sparklinePoints([], 100, 20)).toBe('');
    expect(sparklinePoints([1, 2, 3], 10, 3)).toBe('0,2 5,1 10,0');
  });
});
