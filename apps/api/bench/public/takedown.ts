/**
 * Takedown latency: for each item, every image URL the gallery handed out answers 200; then an editor rejects
 * it and every URL is polled until it answers 404. The time is from the reject call to the moment the last URL
 * first answered 404.
 */
import type { PublicGalleryPage } from '@phoenix4ge/shared';
import type { Session } from '../library/client';
import { mutate } from '../library/client';

/** Every `/i/` URL of a gallery item: each `srcset` entry and `src`. */
export function urlsOf(item: PublicGalleryPage['items'][number]): string[] {
  const fromSrcset = Object.values(item.srcset).flatMap((srcset) =>
    (srcset ?? '').split(', ').map((entry) => entry.split(' ')[0] ?? ''),
  );
  return [...new Set([...fromSrcset, item.src].filter((url) => url !== ''))];
}

const statusOf = async (url: string, accept: string) => {
  const response = await fetch(url, { headers: { accept } });
  await response.arrayBuffer();
  return response.status;
};

/** Milliseconds from the reject call until every URL of the item answered 404. */
export async function takedownMs(
  session: Session,
  slug: string,
  item: { id: number; urls: string[] },
  accept: string,
): Promise<number> {
  for (const url of item.urls) {
    const status = await statusOf(url, accept);
    if (status !== 200) throw new Error(`${url} answered ${status} before the takedown`);
  }
  const started = performance.now();
  const rejected = mutate(session, 'moderation.decide', {
    modelSlug: slug,
    ids: [item.id],
    decision: 'reject',
    reason: 'benchmark takedown',
  });
  const pending = new Set(item.urls);
  let lastDeath = started;
  while (pending.size > 0) {
    await Promise.all(
      [...pending].map(async (url) => {
        if ((await statusOf(url, accept)) === 404) {
          pending.delete(url);
          lastDeath = performance.now();
        }
      }),
    );
    if (performance.now() - started > 10_000) throw new Error(`item ${item.id}: URLs still live after 10 s`);
  }
  await rejected;
  return lastDeath - started;
}
