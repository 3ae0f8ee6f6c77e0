import type { Database } from '@phoenix4ge/db';
import { createPublicationRepository, eq, media } from '@phoenix4ge/db';
import { variantPresetNames } from '@phoenix4ge/shared';

/**
 * What the public gets for an item: the status of `/i/<token>/<preset>` for every preset and every token ever
 * issued for it in this test (the live one is issued as the public API would, when the item is public). An item
 * that was never public has no URL at all: [404].
 */
export function publicImageProbe(baseUrl: string, db: Database) {
  const publication = createPublicationRepository(db);
  const issued = new Map<number, Set<string>>();
  return async function publicStatuses(mediaId: number): Promise<number[]> {
    const row = await db.query.media.findFirst({ where: eq(media.id, mediaId) });
    if (!row) return [404];
    const tokens = issued.get(mediaId) ?? new Set<string>();
    issued.set(mediaId, tokens);
    if (row.publicVersion !== null && (await publication.publicIds(row.modelId, [mediaId])).length === 1) {
      const live = await publication.tokensFor(row.modelId, [
        { id: mediaId, publicVersion: row.publicVersion },
      ]);
      const token = live.get(mediaId);
      if (token) tokens.add(token);
    }
    if (tokens.size === 0) return [404];
    return Promise.all(
      [...tokens].flatMap((token) =>
        variantPresetNames.map(async (preset) => (await fetch(`${baseUrl}/i/${token}/${preset}`)).status),
      ),
    );
  };
}
