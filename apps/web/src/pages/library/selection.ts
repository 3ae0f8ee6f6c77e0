/**
 * The library's selection, as pure values: either some ids picked one by one (click, Ctrl/Cmd-click,
 * Shift-click ranges over the loaded order), or "everything matching the filter" minus the items unticked
 * since. The second is sent to the api as `{ filter, except }` and resolved there, so it means every matching
 * item, loaded or not. Every function returns a new value; nothing here knows about the DOM.
 */
import type { MediaFilterInput } from '@phoenix4ge/shared';
import { BULK_INLINE_MAX } from '@phoenix4ge/shared';

export type Selection =
  | { kind: 'ids'; ids: ReadonlySet<number>; anchor: number | undefined }
  | { kind: 'all'; except: ReadonlySet<number>; anchor: number | undefined };

export const emptySelection: Selection = { kind: 'ids', ids: new Set(), anchor: undefined };

/** The most ids a selection picked one by one may hold (the api's limit for an id list). */
export const MAX_PICKED = BULK_INLINE_MAX;

export function isSelected(selection: Selection, id: number): boolean {
  return selection.kind === 'ids' ? selection.ids.has(id) : !selection.except.has(id);
}

export function isEmpty(selection: Selection): boolean {
  return selection.kind === 'ids' && selection.ids.size === 0;
}

/** Ticks or unticks one item, which becomes the anchor of the next Shift-click. */
export function toggle(selection: Selection, id: number): Selection {
  if (selection.kind === 'ids') {
    const ids = new Set(selection.ids);
    if (!ids.delete(id)) ids.add(id);
    return { kind: 'ids', ids, anchor: id };
  }
  const except = new Set(selection.except);
  if (!except.delete(id)) except.add(id);
  return { kind: 'all', except, anchor: id };
}

/** Only this item (a plain click while picking starts over from it). */
export function only(id: number): Selection {
  return { kind: 'ids', ids: new Set([id]), anchor: id };
}

/**
 * Shift-click: every item between the anchor and `id` in the shown order (both included) is selected, added to
 * what already is; the anchor stays, so a second Shift-click redraws from the same place. Without an anchor that
 * is still shown, it is a plain toggle.
 */
export function selectRange(selection: Selection, order: readonly number[], id: number): Selection {
  const from = selection.anchor === undefined ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return toggle(selection, id);
  const range = order.slice(Math.min(from, to), Math.max(from, to) + 1);
  if (selection.kind === 'ids') {
    return { kind: 'ids', ids: new Set([...selection.ids, ...range]), anchor: selection.anchor };
  }
  const except = new Set(selection.except);
  for (const item of range) except.delete(item);
  return { kind: 'all', except, anchor: selection.anchor };
}

/** "Select all N matching": every item of the filter, loaded or not. */
export function selectAllMatching(): Selection {
  return { kind: 'all', except: new Set(), anchor: undefined };
}

/**
 * How many items the selection holds: the picked ids, or the matching total less the unticked ones (the total
 * is `undefined` until the count arrives).
 */
export function selectedCount(selection: Selection, matching: number | undefined): number | undefined {
  if (selection.kind === 'ids') return selection.ids.size;
  return matching === undefined ? undefined : Math.max(0, matching - selection.except.size);
}

/** Too many ids picked one by one to send (the api takes up to MAX_PICKED; "select all matching" has no limit). */
export function isOverLimit(selection: Selection): boolean {
  return selection.kind === 'ids' ? selection.ids.size > MAX_PICKED : selection.except.size > MAX_PICKED;
}

export type SelectionRequest = { ids: number[] } | { filter: MediaFilterInput; except: number[] };

/** What the api's `selection` gets: the ids (sorted), or the filter and the unticked ids. */
export function selectionRequest(selection: Selection, filter: MediaFilterInput): SelectionRequest {
  if (selection.kind === 'ids') return { ids: [...selection.ids].sort((a, b) => a - b) };
  return { filter, except: [...selection.except].sort((a, b) => a - b) };
}

/** The selection without these items (they left the view: trashed, moved out of the filter, deleted). */
export function withoutItems(selection: Selection, ids: Iterable<number>): Selection {
  if (selection.kind !== 'ids') return selection;
  const remaining = new Set(selection.ids);
  for (const id of ids) remaining.delete(id);
  return remaining.size === selection.ids.size ? selection : { ...selection, ids: remaining };
}
