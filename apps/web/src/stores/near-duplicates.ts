/**
 * The near-duplicates the worker announced for items just processed (`media.onChange`, `{ kind:
 * 'nearDuplicates' }`): the api decodes no pixels at upload, so the upload list learns them from here. Keeps the
 * latest per item (an announcement may arrive before the upload's answer) and tells the listeners (the upload
 * queue). UI state only.
 */
import type { NearDuplicate } from '@phoenix4ge/shared';

type Listener = (modelSlug: string, mediaId: number, items: NearDuplicate[]) => void;

const known = new Map<string, NearDuplicate[]>();
const listeners = new Set<Listener>();
/** Enough for any upload batch still on screen; the oldest are forgotten first. */
const REMEMBERED = 500;

const keyOf = (modelSlug: string, mediaId: number) => `${modelSlug}/${mediaId}`;

export function knownNearDuplicates(modelSlug: string, mediaId: number): NearDuplicate[] {
  return known.get(keyOf(modelSlug, mediaId)) ?? [];
}

/** An announcement from the live events. */
export function noteNearDuplicates(modelSlug: string, mediaId: number, items: NearDuplicate[]) {
  const key = keyOf(modelSlug, mediaId);
  known.delete(key);
  known.set(key, items);
  for (const oldest of known.keys()) {
    if (known.size <= REMEMBERED) break;
    known.delete(oldest);
  }
  for (const listener of listeners) listener(modelSlug, mediaId, items);
}

export function onNearDuplicates(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
