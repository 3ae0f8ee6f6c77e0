import type { Media } from '@phoenix4ge/db';
import { NEAR_DUPLICATE_DISTANCE, NEAR_DUPLICATES_ANNOUNCED } from '@phoenix4ge/shared';
import type { HandlerContext } from '../handlers/types';

/**
 * Looks for items of the same model whose pHash is within `NEAR_DUPLICATE_DISTANCE` bits of `phash` (the rule
 * `media.similar` applies) and, when there are some, announces the closest on the live events
 * (`media.near-duplicates`): the upload list and the detail panel show them. Best effort, like every event: the
 * item is ready whatever happens here, and `media.similar` finds the same items later. Returns what it announced.
 */
export async function announceNearDuplicates(
  context: Pick<HandlerContext, 'repositories' | 'events' | 'logger'>,
  item: Pick<Media, 'id' | 'modelId'>,
  phash: string,
) {
  const found = await context.repositories.media
    .nearDuplicates(item.modelId, item.id, phash, NEAR_DUPLICATE_DISTANCE, NEAR_DUPLICATES_ANNOUNCED)
    .catch((error: unknown) => {
      context.logger.warn({ err: error, mediaId: item.id }, 'near-duplicates not looked up');
      return [];
    });
  const items = found.map((near) => ({ ...near, distance: Number(near.distance) }));
  if (items.length > 0) context.events.mediaNearDuplicates(item.modelId, item.id, items);
  return items;
}
