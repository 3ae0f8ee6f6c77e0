import { randomBytes, randomUUID } from 'node:crypto';
import { JobName, PURGE_BATCH_MAX } from '@phoenix4ge/shared';
import type { SQL } from 'drizzle-orm';
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, min, not, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { MediaVariant, Model } from '../schema';
import { categories, media, mediaVariants, models, outbox, publicTokens } from '../schema';
import type { Executor } from './executor';
import { createGalleryPage } from './gallery-page';
import { datetimeParam, publicCondition } from './public-condition';

/** A token is live while its item is public and it names the item's public version (needs media, models joined). */
const liveCondition = (now: Date): SQL =>
  and(
    isNull(publicTokens.revokedAt),
    eq(publicTokens.version, media.publicVersion),
    publicCondition(now),
  ) as SQL;

/** How revocations behave: `purge` also queues the dead URLs for the CDN purge webhook (when one is configured). */
export interface RevokeOptions {
  now?: Date;
  purge?: boolean;
}

/**
 * Queues the URLs of dead tokens for the purge webhook (`public.purge`, through the outbox: written in the
 * revocation's transaction, relayed to the worker, which calls the webhook with retries): `/i/<token>/<preset>` for
 * every preset the token's version has files of, in batches of at most PURGE_BATCH_MAX.
 */
async function queuePurge(executor: Executor, dead: { token: string; mediaId: number; version: number }[]) {
  if (dead.length === 0) return;
  const files = await executor
    .selectDistinct({
      mediaId: mediaVariants.mediaId,
      version: mediaVariants.version,
      preset: mediaVariants.preset,
    })
    .from(mediaVariants)
    .where(
      or(
        ...dead.map((token) =>
          and(eq(mediaVariants.mediaId, token.mediaId), eq(mediaVariants.version, token.version)),
        ),
      ),
    );
  const paths = dead.flatMap((token) =>
    files
      .filter((file) => file.mediaId === token.mediaId && file.version === token.version)
      .map((file) => `/i/${token.token}/${file.preset}`),
  );
  for (let start = 0; start < paths.length; start += PURGE_BATCH_MAX) {
    await executor.insert(outbox).values({
      topic: JobName.PublicPurge,
      payload: { paths: paths.slice(start, start + PURGE_BATCH_MAX) },
      jobKey: `public-purge-${randomUUID()}`,
    });
  }
}

/**
 * Marks these tokens revoked (those not revoked meanwhile) and, with `purge`, queues their URLs; in one transaction
 * (a savepoint inside the caller's).
 *
 * The items' rows are share-locked first, in id order. Marking a token revoked rewrites its (media_id, revoked_at)
 * index entry, whose foreign key check takes a shared lock on the media row: taken after the token's row, that
 * deadlocked with every change that updates the item and then revokes its tokens (trash, a decision, a window),
 * which holds the item and waits for the token (the soak's one 5xx).
 */
async function revokeTokens(
  executor: Executor,
  stale: { id: number; token: string; mediaId: number; version: number }[],
  options: RevokeOptions,
): Promise<number> {
  if (stale.length === 0) return 0;
  const now = options.now ?? new Date();
  const mediaIds = [...new Set(stale.map((row) => row.mediaId))].sort((a, b) => a - b);
  return executor.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT ${media.id} FROM ${media} WHERE ${inArray(media.id, mediaIds)} ORDER BY ${media.id} LOCK IN SHARE MODE`,
    );
    const open = await tx
      .select({ id: publicTokens.id })
      .from(publicTokens)
      .where(
        and(
          inArray(
            publicTokens.id,
            stale.map((row) => row.id),
          ),
          isNull(publicTokens.revokedAt),
        ),
      )
      .for('update');
    if (open.length === 0) return 0;
    const ids = new Set(open.map((row) => row.id));
    const [result] = await tx
      .update(publicTokens)
      .set({ revokedAt: now })
      .where(inArray(publicTokens.id, [...ids]));
    if (options.purge) {
      await queuePurge(
        tx,
        stale.filter((row) => ids.has(row.id)),
      );
    }
    return result.affectedRows;
  });
}

/**
 * Revokes the tokens of these media (or of every media of a model) that are no longer live: the item stopped
 * being public or another version became the public one. Called where those changes happen, with their
 * transaction, so a later publication of the same item gets a new token.
 */
export async function revokeStaleTokens(
  executor: Executor,
  scope: { mediaIds: number[] } | { modelId: number },
  options: RevokeOptions = {},
): Promise<number> {
  if ('mediaIds' in scope && scope.mediaIds.length === 0) return 0;
  const now = options.now ?? new Date();
  const stale = await executor
    .select({
      id: publicTokens.id,
      token: publicTokens.token,
      mediaId: publicTokens.mediaId,
      version: publicTokens.version,
    })
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
  return revokeTokens(executor, stale, { ...options, now });
}

/** A model by slug with the next publish_from and publish_until edges after `now` (see `modelWithBoundary`). */
function prepareModelWithBoundary(db: Database) {
  const now = sql.placeholder('now');
  // Aliased: unnamed, the column would be named after its text, `now` included, and mysql2 compiles and caches
  // a row parser per distinct set of column names: one per request, kept (up to 15,000) with its query's values.
  const nextOf = (column: typeof media.publishFrom | typeof media.publishUntil, alias: string) =>
    sql`(${db
      .select({ at: min(column) })
      .from(media)
      .where(and(eq(media.modelId, models.id), gt(column, now)))})`
      .mapWith(column)
      .as(alias);
  return db
    .select({
      model: models,
      from: nextOf(media.publishFrom, 'next_publish_from'),
      until: nextOf(media.publishUntil, 'next_publish_until'),
    })
    .from(models)
    .where(eq(models.slug, sql.placeholder('slug')))
    .prepare();
}

/** 128 random bits: 22 characters in every URL of a gallery page, which carries 13 per item. */
const newToken = () => randomBytes(16).toString('base64url');

/**
 * What the public site may read: public items of a model, and the tokens of their image URLs. With `purge`, every
 * revocation also queues the dead URLs for the CDN purge webhook.
 */
export function createPublicationRepository(db: Database, settings: { purge?: boolean } = {}) {
  const purge = settings.purge ?? false;
  const galleryPage = createGalleryPage(db);
  let boundaryStatement: ReturnType<typeof prepareModelWithBoundary> | undefined;
  const modelWithBoundaryStatement = () => {
    boundaryStatement ??= prepareModelWithBoundary(db);
    return boundaryStatement;
  };
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
    /** One public item of the model now, with its public (approved) version; undefined otherwise. */
    async publicItem(
      modelId: number,
      id: number,
      now = new Date(),
    ): Promise<{ id: number; modelId: number; publicVersion: number; originalFilename: string } | undefined> {
      const [row] = await db
        .select({
          id: media.id,
          modelId: media.modelId,
          publicVersion: media.publicVersion,
          originalFilename: media.originalFilename,
        })
        .from(media)
        .innerJoin(models, eq(models.id, media.modelId))
        .where(and(eq(media.modelId, modelId), eq(media.id, id), publicCondition(now)));
      return row && row.publicVersion !== null ? { ...row, publicVersion: row.publicVersion } : undefined;
    },

    /**
     * The live token of each of these public items (id → token), issuing one where there is none (an item no longer
     * public by then gets none). The media rows
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
        // Locked and checked again: an item taken down since it was listed gets no token (one that a later
        // re-publication of the same version would bring back to life); the caller leaves it out. The model's
        // row is share-locked (a pause, archive or consent change waits), the items' rows locked for update in
        // id order, then the condition read: a FOR UPDATE over the join locked the model's row exclusively, and
        // deadlocked with every transaction holding one of the items while a foreign key check asked for a
        // shared lock on the model (an edit counted in media_analytics, the analytics flush, an audit entry).
        await tx.execute(
          sql`SELECT ${models.id} FROM ${models} WHERE ${models.id} = ${modelId} LOCK IN SHARE MODE`,
        );
        await tx
          .select({ id: media.id })
          .from(media)
          .where(inArray(media.id, ids))
          .orderBy(asc(media.id))
          .for('update');
        // Both locks are held, so this read (the transaction's first plain one, hence its snapshot) is current.
        const stillPublic = await tx
          .select({ id: media.id, publicVersion: media.publicVersion })
          .from(media)
          .innerJoin(models, eq(models.id, media.modelId))
          .where(and(eq(media.modelId, modelId), inArray(media.id, ids), publicCondition(now)));
        await readLive(tx);
        const missing = items.filter(
          (item) =>
            !tokens.has(item.id) &&
            stillPublic.some((row) => row.id === item.id && row.publicVersion === item.publicVersion),
        );
        if (missing.length === 0) return;
        await revokeStaleTokens(tx, { mediaIds: missing.map((item) => item.id) }, { now, purge });
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
     * What a live token serves: its model, every file of its version (each preset in each format), and when it
     * stops being public by itself (the earlier of the item's window end and the model's consent expiry). A
     * revoked token, a token of a version that is no longer public, or an item that stopped being public all
     * read as undefined. With `modelId`, only that model's tokens count.
     */
    async liveFiles(
      token: string,
      options: { modelId?: number; now?: Date } = {},
    ): Promise<{ modelId: number; liveUntil: Date | null; files: MediaVariant[] } | undefined> {
      const rows = await db
        .select({
          variant: mediaVariants,
          modelId: media.modelId,
          publishUntil: media.publishUntil,
          consentExpiresAt: models.consentExpiresAt,
        })
        .from(publicTokens)
        .innerJoin(media, eq(media.id, publicTokens.mediaId))
        .innerJoin(models, eq(models.id, media.modelId))
        .innerJoin(
          mediaVariants,
          and(
            eq(mediaVariants.mediaId, publicTokens.mediaId),
            eq(mediaVariants.version, publicTokens.version),
          ),
        )
        .where(
          and(
            eq(publicTokens.token, token),
            options.modelId === undefined ? undefined : eq(publicTokens.modelId, options.modelId),
            liveCondition(options.now ?? new Date()),
          ),
        );
      const first = rows[0];
      if (!first) return undefined;
      const ends = [first.publishUntil, first.consentExpiresAt].filter((end): end is Date => end !== null);
      return {
        modelId: first.modelId,
        liveUntil: ends.length > 0 ? new Date(Math.min(...ends.map((end) => end.getTime()))) : null,
        files: rows.map((row) => row.variant),
      };
    },

    /** A page of the model's public items (see `createGalleryPage`). */
    galleryPage,

    /** The model's categories in their order, with how many public items each has (empty ones too). */
    async categoryCounts(modelId: number, now = new Date()) {
      const counts = await db
        .select({ categoryId: media.categoryId, count: count() })
        .from(media)
        .innerJoin(models, eq(models.id, media.modelId))
        .where(and(eq(media.modelId, modelId), isNotNull(media.categoryId), publicCondition(now)))
        .groupBy(media.categoryId);
      const list = await db
        .select({ id: categories.id, name: categories.name, color: categories.color })
        .from(categories)
        .where(eq(categories.modelId, modelId))
        .orderBy(asc(categories.sortOrder), asc(categories.name));
      return list.map((category) => ({
        ...category,
        count: counts.find((row) => row.categoryId === category.id)?.count ?? 0,
      }));
    },

    /**
     * A model by slug, with the next time its public output changes by itself (a publication window opening or
     * closing, the consent expiring) or null: what a public answer may not outlive. One statement, so a public
     * cache miss reads it beside the page; each window edge is one index lookup (idx_publish_from,
     * idx_publish_until), and a trashed or unapproved item's edge only makes it a little early.
     */
    async modelWithBoundary(
      slug: string,
      now = new Date(),
    ): Promise<{ model: Model; nextBoundary: Date | null } | undefined> {
      const [row] = await modelWithBoundaryStatement().execute({ slug, now: datetimeParam(now) });
      if (!row) return undefined;
      const times = [row.from, row.until, row.model.consentExpiresAt]
        .filter((value): value is Date => value instanceof Date && value > now)
        .map((value) => value.getTime());
      return { model: row.model, nextBoundary: times.length === 0 ? null : new Date(Math.min(...times)) };
    },

    /**
     * Revokes every token, of any model, that is no longer live (a publication window or consent ended, or a
     * change that revoked nothing), at most `limit` at a time; returns the models whose tokens died.
     */
    async revokeEnded(now = new Date(), limit = 1000): Promise<{ revoked: number; modelIds: number[] }> {
      const stale = await db
        .select({
          id: publicTokens.id,
          token: publicTokens.token,
          mediaId: publicTokens.mediaId,
          version: publicTokens.version,
          modelId: publicTokens.modelId,
        })
        .from(publicTokens)
        .innerJoin(media, eq(media.id, publicTokens.mediaId))
        .innerJoin(models, eq(models.id, media.modelId))
        .where(and(isNull(publicTokens.revokedAt), not(liveCondition(now))))
        .limit(limit);
      if (stale.length === 0) return { revoked: 0, modelIds: [] };
      const revoked = await revokeTokens(db, stale, { now, purge });
      return { revoked, modelIds: [...new Set(stale.map((row) => row.modelId))] };
    },

    /** Revokes what is no longer live (see `revokeStaleTokens`). */
    revokeStale(scope: { mediaIds: number[] } | { modelId: number }, now = new Date()) {
      return revokeStaleTokens(db, scope, { now, purge });
    },
  };
}

export type PublicationRepository = ReturnType<typeof createPublicationRepository>;
