import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, changeTo, redo, startHistory, UNDO_LIMIT, undo } from './undo-history';

const same = (a: number, b: number) => a === b;

describe('undo history', () => {
  it('undoes and redoes committed changes; a new change drops what could be redone', () => {
    let history = startHistory(0);
    expect(canUndo(history)).toBe(false);
    history = changeTo(history, 1, true, same);
    history = changeTo(history, 2, true, same);
    history = undo(history);
    expect(history.present).toBe(1);
    expect(canRedo(history)).toBe(true);
    history = redo(history);
    expect(history.present).toBe(2);
    history = undo(undo(history));
    expect(history.present).toBe(0);
    expect(canUndo(history)).toBe(false);
    history = changeTo(history, 5, true, same);
    expect(canRedo(history)).toBe(false);
    expect(history.past).toEqual([0]);
  });

  it('makes a slider drag one step, from where the drag started', () => {
    let history = changeTo(startHistory(10), 11, true, same);
    for (const value of [12, 13, 14]) history = changeTo(history, value, false, same);
    expect(history.present).toBe(14);
    expect(canRedo(history)).toBe(false);
    history = changeTo(history, 15, true, same);
    expect(history.past).toEqual([10, 11]);
    history = undo(history);
    expect(history.present).toBe(11);
  });

  it('cancels a drag in progress on undo, without stepping further back', () => {
    let history = changeTo(startHistory(0), 1, true, same);
    history = changeTo(history, 7, false, same);
    history = undo(history);
    expect(history).toMatchObject({ present: 1, past: [0], future: [], pending: undefined });
  });

  it('makes no step for a change back to the same value, and keeps at most the limit', () => {
    let history = changeTo(startHistory(0), 0, true, same);
    expect(canUndo(history)).toBe(false);
    for (let value = 1; value <= UNDO_LIMIT + 5; value += 1) history = changeTo(history, value, true, same);
    expect(history.past).toHaveLength(UNDO_LIMIT);
    expect(history.past[0]).toBe(5);
  });
});
