/**
 * "Show me this item": an upload row's link asks the library grid to scroll to a media card and highlight it.
 * The grid answers the request (loading more pages if the item is older than what is shown). UI state only.
 */
import { createSignal } from 'solid-js';

export interface MediaFocusRequest {
  modelSlug: string;
  mediaId: number;
  /** A new number for each request, so asking twice for the same item scrolls again. */
  seq: number;
}

const [request, setRequest] = createSignal<MediaFocusRequest>();
let seq = 0;

export const mediaFocusRequest = request;

export function revealMedia(modelSlug: string, mediaId: number) {
  seq += 1;
  setRequest({ modelSlug, mediaId, seq });
}

export function mediaCardId(mediaId: number): string {
  return `media-${mediaId}`;
}
