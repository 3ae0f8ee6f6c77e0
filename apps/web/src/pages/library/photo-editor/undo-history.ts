/**
 * Undo and redo while editing, as a value: every change is either committed (a button, the end of a slider
 * drag: one undo step) or live (a slider moving: shown, not yet a step; the step starts from before the drag).
 */
export interface UndoHistory<T> {
  past: readonly T[];
  present: T;
  future: readonly T[];
  /** The value before the live change in progress, if one is. */
  pending: T | undefined;
}

/** Steps kept; older ones are dropped. */
export const UNDO_LIMIT = 100;

export function startHistory<T>(value: T): UndoHistory<T> {
  return { past: [], present: value, future: [], pending: undefined };
}

/**
 * A new value. `commit`: one undo step back to the value before it (or before the live change it ends);
 * otherwise a live change. A change to an equal value (`same`) makes no step.
 */
export function changeTo<T>(
  history: UndoHistory<T>,
  value: T,
  commit: boolean,
  same: (a: T, b: T) => boolean,
): UndoHistory<T> {
  if (!commit) return { ...history, present: value, pending: history.pending ?? history.present };
  const before = history.pending ?? history.present;
  if (same(before, value)) return { ...history, present: value, pending: undefined };
  return {
    past: [...history.past, before].slice(-UNDO_LIMIT),
    present: value,
    future: [],
    pending: undefined,
  };
}

/** Back one step; during a live change, back to before it (the change is dropped, not kept for redo). */
export function undo<T>(history: UndoHistory<T>): UndoHistory<T> {
  if (history.pending !== undefined) return { ...history, present: history.pending, pending: undefined };
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    pending: undefined,
  };
}

export function redo<T>(history: UndoHistory<T>): UndoHistory<T> {
  const next = history.future[0];
  if (next === undefined || history.pending !== undefined) return history;
  return {
    past: [...history.past, history.present],
    present: next,
    future: history.future.slice(1),
    pending: undefined,
  };
}

export const canUndo = (history: UndoHistory<unknown>) =>
  history.past.length > 0 || history.pending !== undefined;
export const canRedo = (history: UndoHistory<unknown>) =>
  history.future.length > 0 && history.pending === undefined;
