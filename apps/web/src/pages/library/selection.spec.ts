// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Selection } from './selection';
import {
  emptySelection,
  isEmpty,
  isOverLimit,
  isSelected,
  MAX_PICKED,
  only,
  selectAllMatching,
  selectedCount,
  selectionRequest,
  selectRange,
  toggle,
  withoutItems,
} from './selection';

const order = [50, 40, 30, 20, 10];
const picked = (selection: Selection) => order.filter((id) => isSelected(selection, id));

describe('library selection', () => {
  it('toggles items one by one (click, Ctrl/Cmd-click)', () => {
    let selection = toggle(emptySelection, 40);
    selection = toggle(selection, 20);
    expect(picked(selection)).toEqual([40, 20]);
    selection = toggle(selection, 40);
    expect(picked(selection)).toEqual([20]);
    expect(selection.anchor).toBe(40);
    expect(isEmpty(toggle(selection, 20))).toBe(true);
    expect(picked(only(30))).toEqual([30]);
  });

  it('Shift-click selects the range from the anchor, either way, and keeps the anchor', () => {
    let selection = toggle(emptySelection, 40);
    selection = selectRange(selection, order, 10);
    expect(picked(selection)).toEqual([40, 30, 20, 10]);
    expect(selection.anchor).toBe(40);
    // Upwards from the same anchor adds to what is selected.
    selection = selectRange(selection, order, 50);
    expect(picked(selection)).toEqual(order);
    // A range adds to items picked before.
    expect(picked(selectRange(toggle(toggle(emptySelection, 10), 50), order, 40))).toEqual([50, 40, 10]);
  });

  it('Shift-click without an anchor still shown is a plain toggle', () => {
    expect(picked(selectRange(emptySelection, order, 30))).toEqual([30]);
    expect(picked(selectRange(toggle(emptySelection, 99), order, 30))).toEqual([30]);
  });

  it('"select all matching" keeps the unticked items as exceptions', () => {
    let selection = selectAllMatching();
    expect(picked(selection)).toEqual(order);
    expect(isEmpty(selection)).toBe(false);
    selection = toggle(selection, 30);
    selection = toggle(selection, 10);
    expect(picked(selection)).toEqual([50, 40, 20]);
    // A range in "all" mode ticks its items again.
    selection = selectRange(toggle(selection, 20), order, 10);
    expect(picked(selection)).toEqual([50, 40, 20, 10]);
    expect(selectedCount(selection, 10_000)).toBe(9_999);
    expect(selectedCount(selection, undefined)).toBeUndefined();
  });

  it('asks the api for ids, or for the filter minus the exceptions (never the loaded ids)', () => {
    const filter = { q: 'portr', trash: false };
    expect(selectionRequest(toggle(toggle(emptySelection, 30), 10), filter)).toEqual({ ids: [10, 30] });
    expect(selectionRequest(toggle(selectAllMatching(), 40), filter)).toEqual({ filter, except: [40] });
    expect(selectionRequest(selectAllMatching(), filter)).toEqual({ filter, except: [] });
    expect(selectedCount(toggle(emptySelection, 1), 500)).toBe(1);
  });

  it('knows when too many ids were picked one by one', () => {
    const many = Array.from({ length: MAX_PICKED + 1 }, (_, index) => index + 1);
    const selection = selectRange(toggle(emptySelection, 1), many, MAX_PICKED + 1);
    expect(selectedCount(selection, undefined)).toBe(MAX_PICKED + 1);
    expect(isOverLimit(selection)).toBe(true);
    expect(isOverLimit(toggle(selection, 1))).toBe(false);
    expect(isOverLimit(selectAllMatching())).toBe(false);
  });

  it('forgets items that left the view', () => {
    const selection = toggle(toggle(emptySelection, 30), 10);
    expect(picked(withoutItems(selection, [30, 77]))).toEqual([10]);
    expect(withoutItems(selection, [77])).toBe(selection);
    const all = selectAllMatching();
    expect(withoutItems(all, [30])).toBe(all);
  });
});
