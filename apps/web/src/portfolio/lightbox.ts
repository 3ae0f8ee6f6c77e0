import type { PublicItem } from '@phoenix4ge/shared';
import { pictureOf, placeholderFrame } from './picture';

export interface LightboxSource {
  /** The items loaded so far, in grid order. */
  items(): readonly PublicItem[];
  /** Whether the gallery has further pages. */
  hasMore(): boolean;
  /** Loads the next page. */
  loadMore(): Promise<void>;
  /** The element to give focus back to when the lightbox closes on `item`. */
  opener(item: PublicItem): HTMLElement | undefined;
  downloadUrl(mediaId: number): string;
  /** The visitor saw `item` in the lightbox. */
  onShow(item: PublicItem): void;
}

/**
 * The lightbox: a modal `<dialog>` (the browser keeps focus inside and closes it on Escape) with the larger
 * image, its caption, previous/next (also ← and →) and a download link. Closing gives focus back to the
 * grid tile of the photo last shown.
 */
export function createLightbox(dialog: HTMLDialogElement, source: LightboxSource) {
  const frame = dialog.querySelector<HTMLElement>('.lightbox-frame');
  const caption = dialog.querySelector<HTMLElement>('figcaption');
  const position = dialog.querySelector<HTMLElement>('.lightbox-position');
  const button = (action: string) =>
    dialog.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
  const previous = button('previous');
  const next = button('next');
  const close = button('close');
  if (!frame || !caption || !position || !previous || !next || !close) {
    throw new Error('portfolio.html: the lightbox markup is incomplete');
  }
  // A plain link: the browser downloads it (the api answers with Content-Disposition: attachment and a name).
  const download = document.createElement('a');
  download.className = 'download';
  download.dataset.testid = 'lightbox-download';
  download.download = '';
  download.textContent = 'Download';
  close.before(download);
  let index = 0;

  function show(at: number) {
    const items = source.items();
    const item = items[at];
    if (!item || !frame || !caption || !position || !previous || !next) return;
    index = at;
    // The whole screen's width: the browser picks a file as wide as the screen (times its pixel density).
    frame.replaceChildren(pictureOf(item, { sizes: '100vw', lazy: false }));
    delete frame.dataset.loaded;
    frame.style.setProperty('--ratio', item.width && item.height ? String(item.width / item.height) : '1.5');
    placeholderFrame(frame, item);
    const label = item.caption || item.alt;
    caption.textContent = label;
    dialog.setAttribute('aria-label', label || `Photo ${at + 1}`);
    position.textContent = `${at + 1} / ${items.length}${source.hasMore() ? '+' : ''}`;
    download.href = source.downloadUrl(item.id);
    previous.disabled = at === 0;
    next.disabled = at === items.length - 1 && !source.hasMore();
    // A disabled button loses focus to the page behind the dialog: keep it inside.
    if (
      (previous.disabled && document.activeElement === previous) ||
      (next.disabled && document.activeElement === next)
    ) {
      close?.focus();
    }
    source.onShow(item);
  }

  async function step(by: -1 | 1) {
    const target = index + by;
    if (target < 0) return;
    if (target >= source.items().length && source.hasMore()) await source.loadMore();
    if (target < source.items().length) show(target);
  }

  previous.addEventListener('click', () => void step(-1));
  next.addEventListener('click', () => void step(1));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') void step(-1);
    else if (event.key === 'ArrowRight') void step(1);
    else return;
    event.preventDefault();
  });
  // A click on the backdrop (outside the dialog's box) closes it, as people expect of a lightbox.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener('close', () => {
    const item = source.items()[index];
    if (item) source.opener(item)?.focus();
  });

  return {
    /** Opens on the item at `at` in the grid. */
    open(at: number) {
      show(at);
      if (!dialog.open) dialog.showModal();
      close.focus();
    },
  };
}
