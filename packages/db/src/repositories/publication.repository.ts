import { randomBytes } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { and, eq, gt, inArray, isNotNull, isNull, lte, not, or } from 'drizzle-orm';
import type { Database } from '../client';
import type { MediaVariant } from '../schema';
import { media, mediaVariants, models, publicTokens } from '../schema';
import type { Executor } from './executor';

/**
 * The one rule of what the public sees (the public gallery, image URLs, counted events): a media with an approved
 * (public) version, processed, not in the trash, inside its publication window, of a model that is not archived
 * and whose consent has not expired. Needs `models` joined.
 */
export function publicCondition(now: Date): SQL {
  return and(
    isNotNull(media.publicVersion),
    eq(media.processingStatus, 'ready'),
    isNull(media.deletedAt),
    or(isNull(media.publishFrom), lte(media.publishFrom, now)),
    or(isNull(media.publishUntil), gt(media.publishUntil, now)),
    isNull(models.archivedAt),
    or(isNull(models.consentExpiresAt), gt(models.consentExpiresAt, now)),
  ) as SQL;
}

/** A token is live while its item is public and it names the item's public version (needs media, models joined). */
const liveCondition = (now: Date): SQL =>
  and(
    isNull(publicTokens.revokedAt),
    eq(publicTokens.version, media.publicVersion),
    publicCondition(now),
  ) as SQL;

/**
 * Revokes the tokens of these media (or of every media of a model) that are no longer live: the item stopped
 * being public or another version became the public one. Called where those changes happen, with their
 * transaction, so a later publication of the same item gets a new token.
 */
export async function revokeStaleTokens(
  executor: Executor,
  scope: { mediaIds: number[] } | { modelId: number },
  now = new Date(),
): Promise<number> {
  if ('mediaIds' in scope && scope.mediaIds.length === 0) return 0;
  const stale = await executor
    .select({ id: publicTokens.id })
    .from(publicTokens)
    .innerJoin(media, eq(media.id, publicTokens.mediaId))
    .innerJoin(models, eq(models.id, media.modelId))
    .where(
      and(
        'mediaIds' in scope
          ? inArray(publicTokens.mediaId, scope.mediaIds)
          : eq(publicTokens.modelId, scope.modelId),
        isNull(publicTokens.revokedAt),
        not(and(eq(publicTokens.version, media.publicVersion), publicCondition(now)) as SQL),
      ),
    );
  if (stale.length === 0) return 0;
  const [result] = await executor
    .update(publicTokens)
    .set({ revokedAt: now })
    .where(
      inArray(
        publicTokens.id,
        stale.map((row) => row.id),
      ),
    );
  return result.affectedRows;
}

/** 32 random bytes, base64url: 43 characters. */
const newToken = () => randomBytes(32).toString('base64url');

/** What the public site may read: public items of a model, and the tokens of their image URLs. */
export function createPublicationRepository(db: Database) {
  return {
    /** Which of these ids are public items of the model now (others, and other models' ids, are left out). */
    async publicIds(modelId: number, ids: number[], now = new Date()): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .select({ id: media.id })
        .from(media)
        .innerJoin(models, eq(models.id, media.modelId))
        .where(and(eq(media.modelId, modelId), inArray(media.id, ids), publicCondition(now)));
      return rows.map((row) => row.id);
    },

    /**
     * The live token of each of these public items (id → token), issuing one where there is none. The media rows
     * are locked while issuing, so concurrent listings agree on one live token per media; tokens of other
     * versions still open are revoked first.
     */
    async tokensFor(
      modelId: number,
      items: { id: number; publicVersion: number }[],
      now = new Date(),
    ): Promise<Map<number, string>> {
      const tokens = new Map<number, string>();
      if (items.length === 0) return tokens;
      const ids = items.map((item) => item.id);
      const readLive = async (executor: Executor) => {
        const rows = await executor
          .select({ mediaId: publicTokens.mediaId, version: publicTokens.version, token: publicTokens.token })
          .from(publicTokens)
          .where(and(inArray(publicTokens.mediaId, ids), isNull(publicTokens.revokedAt)));
        for (const row of rows) {
          if (items.some((item) => item.id === row.mediaId && item.publicVersion === row.version)) {
            tokens.set(row.mediaId, row.token);
          }
        }
      };
      await readLive(db);
      if (tokens.size === items.length) return tokens;
      await db.transaction(async (tx) => {
        await tx.select({ id: media.id }).from(media).where(inArray(media.id, ids)).for('update');
        await readLive(tx);
        const missing = items.filter((item) => !tokens.has(item.id));
        if (missing.length === 0) return;
        await revokeStaleTokens(tx, { mediaIds: missing.map((item) => item.id) }, now);
        const issued = missing.map((item) => ({
          mediaId: item.id,
          modelId,
          version: item.publicVersion,
          token: newToken(),
        }));
        await tx.insert(publicTokens).values(issued);
        for (const row of issued) tokens.set(row.mediaId, row.token);
      });
      return tokens;
    },

    /**
     * The files of `preset` behind a live token (one per format), or none: a revoked token, a token of a version
     * that is no longer public, or an item that stopped being public all read as nothing. With `modelId`, only
     * that model's tokens count.
     */
    async liveVariants(
      token: string,
      preset: string,
      options: { modelId?: number; now?: Date } = {},
    ): Promise<MediaVariant[]> {
      const rows = await db
        .select({ variant: mediaVariants })
        .from(publicTokens)
        .innerJoin(media, eq(media.id, publicTokens.mediaId))
        .innerJoin(models, eq(models.id, media.modelId))
        .innerJoin(
          mediaVariants,
          and(
            eq(mediaVariants.mediaId, publicTokens.mediaId),
            eq(mediaVariants.version, publicTokens.version),
            eq(mediaVariants.preset, preset),
          ),
        )
        .where(
          and(
            eq(publicTokens.token, token),
            options.modelId === undefined ? undefined : eq(publicTokens.modelId, options.modelId),
            liveCondition(options.now ?? new Date()),
          ),
        );
      return rows.map((row) => row.variant);
    },

    /** Revokes what is no longer live (see `revokeStaleTokens`). */
    revokeStale(scope: { mediaIds: number[] } | { modelId: number }, now = new Date()) {
      return revokeStaleTokens(db, scope, now);
    },
  };
}

export type PublicationRepository = ReturnType<typeof createPublicationRepository>;
