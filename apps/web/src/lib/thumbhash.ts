import { thumbHashToDataURL } from 'thumbhash';

const cache = new Map<string, string | undefined>();

/** A data URL of the blurred preview a ThumbHash (base64) encodes; undefined when it cannot be read. */
export function placeholderUrl(hash: string | null | undefined): string | undefined {
  if (!hash) return undefined;
  if (cache.has(hash)) return cache.get(hash);
  let url: string | undefined;
  try {
    url = thumbHashToDataURL(Uint8Array.from(atob(hash), (char) => char.charCodeAt(0)));
  } catch {
    url = undefined;
  }
  cache.set(hash, url);
  return url;
}
