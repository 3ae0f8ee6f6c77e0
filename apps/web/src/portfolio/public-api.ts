import type { PublicCategories, PublicEvents, PublicGalleryPage } from '@phoenix4ge/shared';
import { PUBLIC_DOWNLOAD_ROUTE, PUBLIC_EVENTS_ROUTE } from '@phoenix4ge/shared/http-routes';

/** The model does not exist or is archived (the public API answers 404). */
export class NotFoundError extends Error {}

/**
 * The public API of one model, the only thing the portfolio page talks to (no login, no cookies needed).
 * `origin` is where the api runs: '' on the api itself; a site on another origin passes the api's URL.
 */
export function publicApi(modelSlug: string, origin = '') {
  const slug = encodeURIComponent(modelSlug);
  const base = `${origin}/api/public/${slug}`;

  async function getJson<T>(path: string): Promise<T> {
    const response = await fetch(`${base}${path}`, { credentials: 'omit' });
    if (response.status === 404) throw new NotFoundError(`No portfolio "${modelSlug}"`);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  return {
    categories: () => getJson<PublicCategories>('/categories'),

    /** One page of the gallery, of one category or (undefined) all of them; `cursor` from the previous page. */
    gallery(category: number | undefined, cursor: string | null) {
      const query = new URLSearchParams();
      if (category !== undefined) query.set('category', String(category));
      if (cursor) query.set('cursor', cursor);
      const search = query.size > 0 ? `?${query}` : '';
      return getJson<PublicGalleryPage>(`/gallery${search}`);
    },

    /** A link that downloads the image (counted as a download; the api names the file). */
    downloadUrl: (mediaId: number) =>
      origin + PUBLIC_DOWNLOAD_ROUTE.replace(':modelSlug', slug).replace(':mediaId', String(mediaId)),

    /**
     * Reports views with navigator.sendBeacon: it survives the page being closed, and a string goes as
     * text/plain, which another origin may post without a CORS preflight. False when the browser refused it.
     */
    sendViews(mediaIds: number[]): boolean {
      const body: PublicEvents = { events: mediaIds.map((mediaId) => ({ type: 'view', mediaId })) };
      return navigator.sendBeacon(
        origin + PUBLIC_EVENTS_ROUTE.replace(':modelSlug', slug),
        JSON.stringify(body),
      );
    },
  };
}

export type PublicApi = ReturnType<typeof publicApi>;
