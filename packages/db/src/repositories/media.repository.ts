import type { MediaFilter, MediaSelection, MediaSort, ModerationStatus } from '@phoenix4ge/shared';
import type { SQL } from 'drizzle-orm';
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  not,
  notInArray,
  sql,
} from 'drizzle-orm';
import type { Database } from '../client';
import type { Media, MediaEdit, Model, NewMedia } from '../schema';
import { categories, media, mediaEdits, models } from '../schema';
import type { Executor } from './executor';
import type { SortValue } from './library-query';
import {
  filterConditions,
  hasTextSearch,
  keysetCondition,
  orderOf,
  sortColumns,
  throughCondition,
} from './library-query';
import { revokeStaleTokens } from './publication.repository';

/**
 * Rows a text search reads in sort order before it asks the full-text index instead (see `page`): bounds the
 * scan for rare words; common words fill a page long before.
 */
const SEARCH_WINDOW = 5000;

/** A library row: the media with its category's name and colour (the seed's `category_name`, `category_color`). */
export type LibraryRow = Media & { categoryName: string | null; categoryColor: string | null };

/**
 * The columns a library page shows and its cursor reads: a page selects these, not the whole row (the search
 * text, tag names and keys it never shows would only cost parsing).
 */
const pageColumns = {
  id: media.id,
  modelId: media.modelId,
  originalFilename: media.originalFilename,
  mimeType: media.mimeType,
  bytes: media.bytes,
  sha256: media.sha256,
  width: media.width,
  height: media.height,
  processingStatus: media.processingStatus,
  processingError: media.processingError,
  moderationStatus: media.moderationStatus,
  moderationReason: media.moderationReason,
  moderatedAt: media.moderatedAt,
  categoryId: media.categoryId,
  altText: media.altText,
  caption: media.caption,
  uploadDate: media.uploadDate,
  deletedAt: media.deletedAt,
  placeholder: media.placeholder,
  dominantColor: media.dominantColor,
  takenAt: media.takenAt,
  orientation: media.orientation,
  cameraMake: media.cameraMake,
  cameraModel: media.cameraModel,
  hasGps: media.hasGps,
  focalX: media.focalX,
  focalY: media.focalY,
  revision: media.revision,
  currentVersion: media.currentVersion,
  publicVersion: media.publicVersion,
  publishFrom: media.publishFrom,
  publishUntil: media.publishUntil,
  publicOrder: media.publicOrder,
  takenSort: media.takenSort,
  widthSort: media.widthSort,
};

/** A row of a library page: the shown columns with the category's name and colour. */
export type LibraryPageRow = Pick<Media, keyof typeof pageColumns> & {
  categoryName: string | null;
  categoryColor: string | null;
};

/** What an editor may change on one item (tags go through the tags repository in the same transaction). */
export type EditorialChanges = Partial<
  Pick<Media, 'altText' | 'caption' | 'categoryId' | 'focalX' | 'focalY' | 'publicOrder'>
>;

/** A category's public order: manual first (smaller first), then newest first (as the public gallery lists it). */
const publicOrderBy = [
  sql`${media.publicOrder} IS NULL`,
  asc(media.publicOrder),
  desc(media.uploadDate),
  desc(media.id),
];

/**
 * The public version after the current version gets `status`: approved makes it the public one; anything else
 * takes it down only if it was the public one (an edit waiting or refused leaves the last approved version up).
 */
const publicAfter = (status: ModerationStatus): SQL =>
  status === 'approved'
    ? sql`${media.currentVersion}`
    : sql`IF(${media.publicVersion} = ${media.currentVersion}, NULL, ${media.publicVersion})`;

/** Keeps the current version's own row in media_edits (when it has one) in step with the media's moderation. */
async function recordOnVersion(
  executor: Executor,
  ids: number[],
  outcome: Partial<Pick<MediaEdit, 'moderationStatus' | 'moderationReason' | 'moderatedBy' | 'moderatedAt'>>,
) {
  await executor
    .update(mediaEdits)
    .set(outcome)
    .where(
      and(
        inArray(mediaEdits.mediaId, ids),
        sql`${mediaEdits.version} = (SELECT ${media.currentVersion} FROM ${media} WHERE ${media.id} = ${mediaEdits.mediaId})`,
      ),
    );
}

const withCategory = (row: { item: Media; categoryName: string | null; categoryColor: string | null }) => ({
  ...row.item,
  categoryName: row.categoryName,
  categoryColor: row.categoryColor,
});

/**
 * Bits that differ between an item's perceptual hash and `phash` (both 16 hex digits). Selected, it is aliased:
 * a column named after its text (the hash included) would make mysql2 compile and cache a row parser per hash.
 */
const hammingTo = (phash: string) =>
  sql<number>`BIT_COUNT(CAST(CONV(${media.phash}, 16, 10) AS UNSIGNED) ^ CAST(CONV(${phash}, 16, 10) AS UNSIGNED))`;

/** The model's other items (not in the trash) within `maxDistance` bits of `phash`. */
const similarTo = (modelId: number, excludeId: number, phash: string, maxDistance: number) =>
  and(
    eq(media.modelId, modelId),
    ne(media.id, excludeId),
    isNull(media.deletedAt),
    isNotNull(media.phash),
    sql`${hammingTo(phash)} <= ${maxDistance}`,
  );

/**
 * The media table (seed `model_media_library`), for the api and the worker, and the one place its statuses
 * change: processing (uploaded → processing → ready | failed) and moderation (a provider's verdict, a person's
 * decision). The jobs a change calls for are written with it through the outbox (outbox.repository.ts).
 */
export function createMediaRepository(
  db: Database,
  options: { searchWindow?: number; purge?: boolean } = {},
) {
  const searchWindow = options.searchWindow ?? SEARCH_WINDOW;
  /** Revocations queue the dead URLs for the CDN purge webhook when one is configured. */
  const revoke = { purge: options.purge ?? false };
  return {
    // Built selects, not the relational `findFirst`: the same row for ~40 % less CPU per call (BENCHMARKS.md),
    // and these two run for every upload and every processed image.
    async byId(id: number): Promise<Media | undefined> {
      const [row] = await db.select().from(media).where(eq(media.id, id)).limit(1);
      return row;
    },
    /** A media with its model, in one read (what each of the worker's jobs about a media starts with). */
    async withModel(id: number): Promise<{ item: Media; model: Model } | undefined> {
      const [row] = await db
        .select({ item: media, model: models })
        .from(media)
        .innerJoin(models, eq(models.id, media.modelId))
        .where(eq(media.id, id))
        .limit(1);
      return row;
    },
    async bySha(modelId: number, sha256: string): Promise<Media | undefined> {
      const [row] = await db
        .select()
        .from(media)
        .where(and(eq(media.modelId, modelId), eq(media.sha256, sha256)))
        .limit(1);
      return row;
    },
    /** How many media the model has, trashed ones included (what an export or an erasure goes through). */
    async countOfModel(modelId: number): Promise<number> {
      const [row] = await db.select({ n: count() }).from(media).where(eq(media.modelId, modelId));
      return row?.n ?? 0;
    },
    async byIds(ids: number[]): Promise<Media[]> {
      if (ids.length === 0) return [];
      return db.select().from(media).where(inArray(media.id, ids));
    },
    async exists(id: number): Promise<boolean> {
      const row = await db.query.media.findFirst({ where: eq(media.id, id), columns: { id: true } });
      return row !== undefined;
    },
    /** These media of the model, not in the trash (others' ids are simply not found). */
    async ofModel(modelId: number, ids: number[]): Promise<Media[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(media)
        .where(and(eq(media.modelId, modelId), inArray(media.id, ids), isNull(media.deletedAt)));
    },
    /** A model's watermark picture: its own item, not in the trash. */
    async logoOf(modelId: number, mediaId: number): Promise<Media | undefined> {
      return db.query.media.findFirst({
        where: and(eq(media.id, mediaId), eq(media.modelId, modelId), isNull(media.deletedAt)),
      });
    },

    /**
     * One page of a model's library (or trash) matching `filter`, in `sort` order with ties broken by id:
     * keyset pagination, so page 1,000 costs what page 1 does. `from` continues after (or, `forward: false`,
     * before) the row with that sort value and id; rows always come back in the sort's order.
     *
     * A text search reads the next `searchWindow` rows in sort order first (through the sort's index, stopping
     * after a page of matches): common words fill a page there at once. Only when the window holds fewer than a
     * page of matches does it ask the full-text index, whose cost grows with the matches (few, then).
     */
    async page(options: {
      modelId: number;
      filter: MediaFilter;
      sort: MediaSort;
      from?: { value: SortValue; id: number; forward: boolean };
      limit: number;
    }): Promise<LibraryPageRow[]> {
      const { sort: field, direction } = options.sort;
      const forward = options.from?.forward ?? true;
      const after = options.from ? keysetCondition(field, direction, options.from, forward) : undefined;
      // The page's ids first, from the sort's index alone, then their rows (a deferred join). Asked for whole
      // rows at once, MariaDB prefers the index by (model, trash) over the range from the position when it
      // guesses both read as many rows, and deep pages then skip every earlier row one by one.
      const read = async (where: SQL | undefined) => {
        const ids = db
          .select({ id: media.id })
          .from(media)
          .where(and(where, after))
          .orderBy(...orderOf(field, direction, forward))
          .limit(options.limit)
          .as('page_ids');
        const page = await db
          .select({ ...pageColumns, categoryName: categories.name, categoryColor: categories.color })
          .from(ids)
          .innerJoin(media, eq(media.id, ids.id))
          .leftJoin(categories, eq(categories.id, media.categoryId))
          .orderBy(...orderOf(field, direction, forward));
        return forward ? page : page.reverse();
      };
      if (!hasTextSearch(options.filter)) return read(filterConditions(options.modelId, options.filter));

      const [edge] = await db
        .select({ value: sortColumns[field], id: media.id })
        .from(media)
        .where(and(filterConditions(options.modelId, options.filter, { text: 'none' }), after))
        .orderBy(...orderOf(field, direction, forward))
        .limit(1)
        .offset(searchWindow - 1);
      const raw: unknown = edge?.value;
      const edgeValue = raw instanceof Date ? raw.toISOString() : raw;
      const window =
        edge && (typeof edgeValue === 'string' || typeof edgeValue === 'number')
          ? throughCondition(field, direction, { value: edgeValue, id: edge.id }, forward)
          : undefined;
      const scanned = await read(
        and(filterConditions(options.modelId, options.filter, { text: 'like' }), window),
      );
      // Enough matches in the window, or the window reached the end: that is the page.
      if (scanned.length >= options.limit || !edge) return scanned;
      return read(filterConditions(options.modelId, options.filter, { text: 'fulltext' }));
    },

    /**
     * How many items match `filter`, by moderation status and by category (each ignoring its own filter), from
     * one pass over the matching rows: counted by (status, category) with neither filter, then summed up.
     */
    async facets(modelId: number, filter: MediaFilter) {
      const cells = await db
        .select({ status: media.moderationStatus, categoryId: media.categoryId, count: count() })
        .from(media)
        .where(filterConditions(modelId, filter, { omit: ['moderation', 'category'] }))
        .groupBy(media.categoryId, media.moderationStatus);
      const inCategory = (categoryId: number | null) =>
        filter.category === undefined ||
        (filter.category === 'none' ? categoryId === null : categoryId === filter.category);
      const inStatus = (status: ModerationStatus) =>
        !filter.moderation?.length || filter.moderation.includes(status);
      const byStatus = new Map<ModerationStatus, number>();
      const byCategory = new Map<number | null, number>();
      for (const cell of cells) {
        if (inCategory(cell.categoryId))
          byStatus.set(cell.status, (byStatus.get(cell.status) ?? 0) + cell.count);
        if (inStatus(cell.status)) {
          byCategory.set(cell.categoryId, (byCategory.get(cell.categoryId) ?? 0) + cell.count);
        }
      }
      return {
        byStatus: [...byStatus].map(([status, total]) => ({ status, count: total })),
        byCategory: [...byCategory].map(([categoryId, total]) => ({ categoryId, count: total })),
      };
    },

    /**
     * The ids a bulk selection means, oldest first: those of the given ids that are the model's (the caller checks
     * none is missing), or every item matching the filter except some. At most `limit` when given.
     */
    async selectIds(modelId: number, selection: MediaSelection, limit?: number): Promise<number[]> {
      const where =
        'ids' in selection
          ? and(eq(media.modelId, modelId), inArray(media.id, selection.ids))
          : and(
              filterConditions(modelId, selection.filter),
              selection.except.length > 0 ? notInArray(media.id, selection.except) : undefined,
            );
      const query = db.select({ id: media.id }).from(media).where(where).orderBy(asc(media.id));
      const rows = limit === undefined ? await query : await query.limit(limit);
      return rows.map((row) => row.id);
    },

    /** Which of these ids belong to another model (a bulk request naming any of them changes nothing). */
    async foreignIds(modelId: number, ids: number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .select({ id: media.id })
        .from(media)
        .where(and(inArray(media.id, ids), ne(media.modelId, modelId)));
      return rows.map((row) => row.id);
    },

    /** Library rows of the model by id (with their category), in no particular order. */
    async rowsByIds(modelId: number, ids: number[]): Promise<LibraryRow[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .select({ item: media, categoryName: categories.name, categoryColor: categories.color })
        .from(media)
        .leftJoin(categories, eq(categories.id, media.categoryId))
        .where(and(eq(media.modelId, modelId), inArray(media.id, ids)));
      return rows.map(withCategory);
    },

    /** Media of the model whose perceptual hash is within `maxDistance` bits of `phash`, nearest first. */
    async similar(modelId: number, excludeId: number, phash: string, maxDistance: number) {
      const distance = hammingTo(phash);
      return db
        .select({ item: media, distance: distance.as('distance') })
        .from(media)
        .where(similarTo(modelId, excludeId, phash, maxDistance))
        .orderBy(distance)
        .limit(50);
    },

    /** The closest of `similar`, id and file name only (what the worker announces after processing). */
    async nearDuplicates(
      modelId: number,
      excludeId: number,
      phash: string,
      maxDistance: number,
      limit: number,
    ) {
      const distance = hammingTo(phash);
      return db
        .select({ id: media.id, originalFilename: media.originalFilename, distance: distance.as('distance') })
        .from(media)
        .where(similarTo(modelId, excludeId, phash, maxDistance))
        .orderBy(distance)
        .limit(limit);
    },

    /** Processed media waiting for a person, oldest first; `modelId` undefined: every model. */
    async moderationQueue(filter: {
      modelId?: number;
      statuses: ModerationStatus[];
      cursor?: number;
      limit: number;
    }): Promise<{ item: Media; model: Model }[]> {
      return db
        .select({ item: media, model: models })
        .from(media)
        .innerJoin(models, eq(models.id, media.modelId))
        .where(
          and(
            filter.modelId === undefined ? undefined : eq(media.modelId, filter.modelId),
            inArray(media.moderationStatus, filter.statuses),
            eq(media.processingStatus, 'ready'),
            isNull(media.deletedAt),
            filter.cursor === undefined ? undefined : gt(media.id, filter.cursor),
          ),
        )
        .orderBy(asc(media.id))
        .limit(filter.limit);
    },

    /** Which of these storage keys an original of some media row is stored under (the orphan sweep). */
    async knownOriginalKeys(keys: string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await db
        .select({ key: media.storageKey })
        .from(media)
        .where(inArray(media.storageKey, keys));
      return new Set(rows.map((row) => row.key));
    },

    /** A new upload (status `uploaded`); pass the outbox's transaction so its processing job commits with it. */
    async insert(row: NewMedia, executor: Executor = db): Promise<number> {
      const [inserted] = await executor.insert(media).values(row).$returningId();
      if (!inserted) throw new Error('media insert returned no id');
      return inserted.id;
    },
    /** Out of the trash again (a duplicate upload of a trashed item brings it back). */
    async restore(id: number): Promise<void> {
      await db.update(media).set({ deletedAt: null }).where(eq(media.id, id));
    },

    // Editorial changes: each bumps the revision, so an edit based on an older revision changes nothing.

    /**
     * Applies an editor's change when the item is still at `revision`; false (nothing changed) when someone changed
     * it meanwhile. Pass a transaction to change its tags with it.
     */
    async updateEditorial(
      id: number,
      revision: number,
      changes: EditorialChanges,
      executor: Executor = db,
    ): Promise<boolean> {
      const [result] = await executor
        .update(media)
        .set({ ...changes, revision: sql`${media.revision} + 1` })
        .where(and(eq(media.id, id), eq(media.revision, revision)));
      return result.affectedRows === 1;
    },
    /** Bumps the revision alone (tags changed in the same transaction). */
    async touch(ids: number[], executor: Executor = db): Promise<void> {
      if (ids.length === 0) return;
      await executor
        .update(media)
        .set({ revision: sql`${media.revision} + 1` })
        .where(inArray(media.id, ids));
    },
    /** The same change on many items (a bulk action). */
    async updateMany(ids: number[], changes: EditorialChanges, executor: Executor = db): Promise<number> {
      if (ids.length === 0) return 0;
      const [result] = await executor
        .update(media)
        .set({ ...changes, revision: sql`${media.revision} + 1` })
        .where(inArray(media.id, ids));
      return result.affectedRows;
    },
    /**
     * Moves items to a category (null: none). Those that change category leave their old one's manual order: they
     * join the new one after its ordered items.
     */
    async moveToCategory(ids: number[], categoryId: number | null, executor: Executor = db): Promise<number> {
      if (ids.length === 0) return 0;
      await executor
        .update(media)
        .set({ publicOrder: null })
        .where(and(inArray(media.id, ids), not(sql`${media.categoryId} <=> ${categoryId}`)));
      const [result] = await executor
        .update(media)
        .set({ categoryId, revision: sql`${media.revision} + 1` })
        .where(inArray(media.id, ids));
      return result.affectedRows;
    },

    /**
     * Sets the publication window of these items and revokes the tokens of those it takes off the public site, in
     * the caller's transaction. The revision stays: a window is no editorial change an alt-text edit could clash
     * with.
     */
    async setWindow(
      ids: number[],
      window: Pick<Media, 'publishFrom' | 'publishUntil'>,
      executor: Executor = db,
    ): Promise<number> {
      if (ids.length === 0) return 0;
      const [result] = await executor.update(media).set(window).where(inArray(media.id, ids));
      await revokeStaleTokens(executor, { mediaIds: ids }, revoke);
      return result.affectedRows;
    },

    /** The ids of a category's items (not in the trash) in its public order, at most `limit`. */
    async publicOrderIds(modelId: number, categoryId: number, limit: number): Promise<number[]> {
      const rows = await db
        .select({ id: media.id })
        .from(media)
        .where(and(eq(media.modelId, modelId), eq(media.categoryId, categoryId), isNull(media.deletedAt)))
        .orderBy(...publicOrderBy)
        .limit(limit);
      return rows.map((row) => row.id);
    },

    /**
     * Moves `id` just before `beforeId` (null: to the end) in its category's public order and numbers the whole
     * category 1…n as it then stands (unordered items get the place they were shown at). The category's rows are
     * locked, so concurrent moves apply one after the other, each to the order the previous one left. Returns the
     * ids whose order changed, or `missing` when either item is not in the category (moved or trashed meanwhile).
     */
    async moveInPublicOrder(
      modelId: number,
      categoryId: number,
      id: number,
      beforeId: number | null,
    ): Promise<number[] | 'missing'> {
      return db.transaction(async (tx) => {
        const rows = await tx
          .select({ id: media.id, publicOrder: media.publicOrder })
          .from(media)
          .where(and(eq(media.modelId, modelId), eq(media.categoryId, categoryId), isNull(media.deletedAt)))
          .orderBy(...publicOrderBy)
          .for('update');
        const order = rows.map((row) => row.id).filter((other) => other !== id);
        if (order.length === rows.length) return 'missing';
        const at = beforeId === null ? order.length : order.indexOf(beforeId);
        if (at < 0) return 'missing';
        order.splice(at, 0, id);
        const changed = order
          .map((mediaId, index) => ({ mediaId, place: index + 1 }))
          .filter(({ mediaId, place }) => rows.find((row) => row.id === mediaId)?.publicOrder !== place);
        if (changed.length === 0) return [];
        const cases = sql.join(
          changed.map(({ mediaId, place }) => sql`WHEN ${mediaId} THEN ${place}`),
          sql` `,
        );
        await tx
          .update(media)
          .set({ publicOrder: sql`CASE ${media.id} ${cases} END` })
          .where(
            inArray(
              media.id,
              changed.map((entry) => entry.mediaId),
            ),
          );
        return changed.map((entry) => entry.mediaId);
      });
    },

    /** Into the trash (at `at`) or out of it (null); returns how many changed. */
    async setTrashed(ids: number[], at: Date | null, executor: Executor = db): Promise<number> {
      if (ids.length === 0) return 0;
      const [result] = await executor
        .update(media)
        .set({ deletedAt: at, revision: sql`${media.revision} + 1` })
        .where(and(inArray(media.id, ids), at ? isNull(media.deletedAt) : isNotNull(media.deletedAt)));
      if (at) await revokeStaleTokens(executor, { mediaIds: ids }, revoke);
      return result.affectedRows;
    },
    /** Items in the trash since before `cutoff` (for the purge), oldest first. */
    async trashedBefore(cutoff: Date, limit: number): Promise<Media[]> {
      return db
        .select()
        .from(media)
        .where(and(isNotNull(media.deletedAt), lt(media.deletedAt, cutoff)))
        .orderBy(asc(media.deletedAt), asc(media.id))
        .limit(limit);
    },
    /**
     * Deletes rows for good (their variants, metadata, tag links and requests go with them by cascade); with
     * `trashedBefore`, only those still in the trash since before then (a restore meanwhile wins).
     */
    async deleteRows(ids: number[], trashedBefore?: Date): Promise<number> {
      if (ids.length === 0) return 0;
      const [result] = await db
        .delete(media)
        .where(and(inArray(media.id, ids), trashedBefore ? lt(media.deletedAt, trashedBefore) : undefined));
      return result.affectedRows;
    },

    // Processing status.

    /** Back to `uploaded` for another processing run (with the outbox's transaction and its new job). */
    async markUploaded(id: number, executor: Executor = db): Promise<void> {
      await executor
        .update(media)
        .set({ processingStatus: 'uploaded', processingError: null })
        .where(eq(media.id, id));
      await revokeStaleTokens(executor, { mediaIds: [id] }, revoke);
    },
    /**
     * Items still `uploaded` or `processing` (not trashed) whose row has not changed since `before`: the candidates
     * whose processing job may have been lost (a Redis that lost its data); the worker's recovery checks each.
     */
    async unfinishedSince(before: Date, limit = 100): Promise<{ id: number; version: number }[]> {
      return db
        .select({ id: media.id, version: media.currentVersion })
        .from(media)
        .where(
          and(
            inArray(media.processingStatus, ['uploaded', 'processing']),
            isNull(media.deletedAt),
            lt(media.updatedAt, before),
          ),
        )
        .orderBy(asc(media.id))
        .limit(limit);
    },
    async markProcessing(id: number): Promise<void> {
      await db
        .update(media)
        .set({ processingStatus: 'processing', processingError: null })
        .where(eq(media.id, id));
    },
    /**
     * Processed: the upright size, appearance and what the library filters on (with the outbox's transaction and
     * its moderation job).
     */
    async markReady(
      id: number,
      appearance: Pick<
        Media,
        | 'width'
        | 'height'
        | 'placeholder'
        | 'dominantColor'
        | 'orientation'
        | 'takenAt'
        | 'cameraMake'
        | 'cameraModel'
        | 'hasGps'
      > &
        Partial<Pick<Media, 'phash'>>,
      executor: Executor = db,
    ): Promise<void> {
      await executor
        .update(media)
        .set({ ...appearance, processingStatus: 'ready', processingError: null })
        .where(eq(media.id, id));
    },
    async markFailed(id: number, reason: string): Promise<void> {
      await db
        .update(media)
        .set({ processingStatus: 'failed', processingError: reason.slice(0, 1000) })
        .where(eq(media.id, id));
    },

    /**
     * Makes `version` (rendered) the current one, with its size and appearance, in the outbox's transaction with
     * its moderation job: it starts undecided, while `public_version` keeps showing the last approved one. Only
     * forward: false when the media is gone or already at this version or a later one.
     */
    async switchVersion(
      id: number,
      version: number,
      appearance: Pick<Media, 'width' | 'height' | 'placeholder' | 'dominantColor' | 'orientation' | 'phash'>,
      executor: Executor = db,
    ): Promise<boolean> {
      const [result] = await executor
        .update(media)
        .set({
          ...appearance,
          currentVersion: version,
          moderationStatus: 'pending',
          moderationReason: 'Edited: the new version waits for moderation',
          moderatedBy: null,
          moderatedAt: null,
          moderationVerdictAt: null,
        })
        .where(and(eq(media.id, id), lt(media.currentVersion, version)));
      return result.affectedRows === 1;
    },

    // Moderation status. It is the current version's; `public_version` follows it (see `publicAfter`), and the
    // version's own row in media_edits keeps its outcome.

    /** A person's decision on the current version: final for providers (`moderated_at` set). */
    async decide(
      ids: number[],
      decision: { status: ModerationStatus; reason: string; userId: number | null },
      executor: Executor = db,
    ): Promise<number> {
      if (ids.length === 0) return 0;
      const moderatedAt = new Date();
      const reason = decision.reason.slice(0, 500);
      const [result] = await executor
        .update(media)
        .set({
          moderationStatus: decision.status,
          moderationReason: reason,
          moderatedBy: decision.userId,
          moderatedAt,
          publicVersion: publicAfter(decision.status),
        })
        .where(inArray(media.id, ids));
      await recordOnVersion(executor, ids, {
        moderationStatus: decision.status,
        moderationReason: reason,
        moderatedBy: decision.userId,
        moderatedAt,
      });
      await revokeStaleTokens(executor, { mediaIds: ids }, revoke);
      return result.affectedRows;
    },

    /**
     * A provider's verdict, unless a person has decided (a person always wins) or a verdict the provider produced
     * later is already applied (out-of-order delivery). Row-locked, so concurrent verdicts cannot interleave.
     */
    async applyVerdict(
      mediaId: number,
      verdict: { status: ModerationStatus; reason: string; verdictAt: Date },
      /** The version the provider judged: a verdict about a version that is no longer current is only recorded. */
      version?: number,
    ): Promise<'applied' | 'recorded'> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({
            moderatedBy: media.moderatedBy,
            moderatedAt: media.moderatedAt,
            verdictAt: media.moderationVerdictAt,
            currentVersion: media.currentVersion,
          })
          .from(media)
          .where(eq(media.id, mediaId))
          .for('update');
        if (!row || row.moderatedBy !== null || row.moderatedAt !== null) return 'recorded';
        if (version !== undefined && version !== row.currentVersion) return 'recorded';
        if (row.verdictAt && row.verdictAt.getTime() >= verdict.verdictAt.getTime()) return 'recorded';
        const reason = verdict.reason.slice(0, 500);
        await tx
          .update(media)
          .set({
            moderationStatus: verdict.status,
            moderationReason: reason,
            moderationVerdictAt: verdict.verdictAt,
            publicVersion: publicAfter(verdict.status),
          })
          .where(eq(media.id, mediaId));
        await recordOnVersion(tx, [mediaId], { moderationStatus: verdict.status, moderationReason: reason });
        await revokeStaleTokens(tx, { mediaIds: [mediaId] }, revoke);
        return 'applied';
      });
    },

    /** Says why an undecided media waits (manual moderation, sent to a service), without touching its status. */
    async noteModerationReason(mediaId: number, reason: string): Promise<void> {
      await db
        .update(media)
        .set({ moderationReason: reason.slice(0, 500) })
        .where(and(eq(media.id, mediaId), isNull(media.moderatedAt), isNull(media.moderationVerdictAt)));
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;
