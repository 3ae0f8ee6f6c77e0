import type { PublicItem } from '@phoenix4ge/shared';
import { placeholderUrl } from '../lib/thumbhash';

/** The formats a `<source>` offers, best first; the browser takes the first it can decode. JPEG is the `<img>`. */
const sources = [
  ['avif', 'image/avif'],
  ['webp', 'image/webp'],
] as const;

/**
 * A `<picture>` of a public item, written from the API's answer alone: a `<source>` per modern format with its
 * `srcset`, and an `<img>` with the JPEG `srcset` for the rest. `sizes` says how wide the image is laid out, so
 * the browser picks the smallest file that is sharp enough.
 */
export function pictureOf(item: PublicItem, options: { sizes: string; lazy: boolean }): HTMLPictureElement {
  const picture = document.createElement('picture');
  for (const [format, type] of sources) {
    const srcset = item.srcset[format];
    if (!srcset) continue;
    const source = document.createElement('source');
    source.type = type;
    source.srcset = srcset;
    source.sizes = options.sizes;
    picture.append(source);
  }
  const img = document.createElement('img');
  img.alt = item.alt;
  if (item.width && item.height) {
    img.width = item.width;
    img.height = item.height;
  }
  if (options.lazy) img.loading = 'lazy';
  img.decoding = 'async';
  if (item.srcset.jpeg) {
    img.srcset = item.srcset.jpeg;
    img.sizes = options.sizes;
  }
  img.src = item.src;
  picture.append(img);
  return picture;
}

/**
 * Paints `frame` with the item's dominant colour and its ThumbHash preview until the image inside has loaded,
 * then marks it `data-loaded` (the stylesheet fades the image in over the preview). The frame keeps the image's
 * aspect ratio, so nothing moves when it arrives.
 */
export function placeholderFrame(frame: HTMLElement, item: PublicItem, onLoad?: () => void) {
  if (item.width && item.height) frame.style.aspectRatio = `${item.width} / ${item.height}`;
  frame.style.backgroundColor = item.dominantColor ?? '';
  const preview = placeholderUrl(item.placeholder);
  frame.style.backgroundImage = preview ? `url("${preview}")` : '';
  const img = frame.querySelector('img');
  if (!img) return;
  const loaded = () => {
    // The lightbox reuses its frame: an image replaced before it loaded says nothing about the new one.
    if (!frame.contains(img)) return;
    frame.dataset.loaded = 'true';
    onLoad?.();
  };
  if (img.complete && img.naturalWidth > 0) loaded();
  else img.addEventListener('load', loaded, { once: true });
}
