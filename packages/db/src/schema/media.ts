import {
  editVersionStatuses,
  mediaOrientations,
  moderationStatuses,
  operationStatuses,
  processingStatuses,
} from '@phoenix4ge/shared';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  datetime,
  double,
  index,
  int,
  json,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { categories } from './categories';
import { createdAt, exactAscii, id, instant, instantNow, ref, updatedAt } from './columns';
import type { EditOperation, JsonObject, MediaBasicInfo, MediaColorData, MediaExifData } from './json-types';
import { models } from './models';
import { users } from './users';

const byteCount = () => bigint({ mode: 'number', unsigned: true });
const pixels = () => int({ unsigned: true });
const storageKey = () => varchar({ length: 512 });

/**
 * The media: one uploaded image of one model (seed table `model_media_library`). The original is never
 * modified; edits produce new versions whose files are in `media_variants`.
 */
export const media = mysqlTable(
  'model_media_library',
  {
    id: id(),
    modelId: ref()
      .notNull()
      .references(() => models.id, { onDelete: 'restrict' }),
    categoryId: ref().references(() => categories.id, { onDelete: 'set null' }),
    originalFilename: varchar({ length: 255 }).notNull(),
    altText: varchar({ length: 500 }),
    caption: text(),
    mimeType: varchar({ length: 100 }).notNull(),
    bytes: byteCount().notNull(),
    /** Known once processed (after auto-orientation). */
    width: pixels(),
    height: pixels(),
    /** Hex SHA-256 of the original: the storage key and the per-model duplicate check. */
    sha256: char({ length: 64 }).notNull(),
    /** 64-bit perceptual hash as 16 hex digits, for near-duplicate search. */
    phash: char({ length: 16 }),
    /** Key of the original in the storage driver. */
    storageKey: storageKey().notNull(),
    processingStatus: mysqlEnum(processingStatuses).notNull().default('uploaded'),
    processingError: text(),
    moderationStatus: mysqlEnum(moderationStatuses).notNull().default('pending'),
    /** Set when a person decided: providers never override a person's decision. */
    moderatedBy: ref().references(() => users.id, { onDelete: 'set null' }),
    moderatedAt: instant(),
    /** Why it has its moderation status (a person's reason, the policy rule, or what went wrong). */
    moderationReason: varchar({ length: 500 }),
    /** When the provider produced the verdict now applied; an older verdict delivered later is not applied. */
    moderationVerdictAt: instant(),
    /** 0 is the unedited original; each saved edit produces the next version, current once all its files exist. */
    currentVersion: int({ unsigned: true }).notNull().default(0),
    /**
     * The version the public sees: the last one approved (a person's or the provider's verdict on it). While an
     * edited version waits for moderation this stays on the previous one; null while nothing was ever approved.
     */
    publicVersion: int({ unsigned: true }),
    /** ThumbHash, base64. */
    placeholder: varchar({ length: 100 }),
    /** `#rrggbb` */
    dominantColor: char({ length: 7 }),
    uploadedBy: ref().references(() => users.id, { onDelete: 'set null' }),
    uploadDate: instantNow(),
    updatedAt: updatedAt(),
    /** In the trash since; purged later. */
    deletedAt: instant(),

    // What the library filters and sorts on, copied from the metadata when processed.
    /** When the photo was taken (EXIF), as stored by the worker. */
    takenAt: instant(),
    cameraMake: varchar({ length: 100 }),
    cameraModel: varchar({ length: 100 }),
    hasGps: boolean().notNull().default(false),
    /** From the upright size, once processed. */
    orientation: mysqlEnum(mediaOrientations),
    /** Sort keys that are never NULL (keyset pagination): NULL dates and widths sort like the smallest value. */
    // No NOT NULL on them: MariaDB refuses it on generated columns (COALESCE keeps them non-null anyway).
    takenSort: datetime({ fsp: 3, mode: 'date' }).generatedAlwaysAs(
      sql`coalesce(\`taken_at\`, TIMESTAMP'1000-01-01 00:00:00.000')`,
      { mode: 'stored' },
    ),
    widthSort: int({ unsigned: true }).generatedAlwaysAs(sql`coalesce(\`width\`, 0)`, { mode: 'stored' }),
    /** The item's tag names, space-separated, for the text search (kept by the tags repository). */
    tagNames: text(),
    /**
     * What the text search reads: every word of the filename, alt text, caption and tag names, lowercased and
     * prefixed with the model (` m12xportrait_1 m12xjpg …`), words being runs of letters, digits and `_` as in
     * `searchWords`. The model prefix keeps the full-text index's range for one model's words to that model's rows
     * (ft_media_search, in the migration: drizzle does not declare FULLTEXT indexes). Computed by the server, so
     * every write keeps it current. REGEXP_REPLACE with POSIX classes and no back-references reads the same on
     * MariaDB (PCRE2) and MySQL 8 (ICU).
     */
    searchText: text().generatedAlwaysAs(
      sql`concat(' m', \`model_id\`, 'x', regexp_replace(regexp_replace(lower(concat_ws(' ', \`original_filename\`, \`alt_text\`, \`caption\`, \`tag_names\`)), '^[^[:alnum:]_]+|[^[:alnum:]_]+$', ''), '[^[:alnum:]_]+', concat(' m', \`model_id\`, 'x')), ' ')`,
      { mode: 'stored' },
    ),
    /** Where the subject is, 0–1 from the left and top; the thumbnail is cropped around it. NULL: automatic. */
    focalX: double(),
    focalY: double(),
    /** Bumped by every editorial change; an edit based on an older revision is a CONFLICT. */
    revision: int({ unsigned: true }).notNull().default(0),
    /** The publication window: public only from / until then (null: no bound). */
    publishFrom: instant(),
    publishUntil: instant(),
    /** The manual order within its category on the public site (smaller first; null: after, newest first). */
    publicOrder: int(),
    /**
     * The manual order as one descending sort key (the gallery reads a category with every key descending, so one
     * index serves it backwards): smaller `public_order` first, unordered items (0) last.
     */
    publicPosition: bigint({ mode: 'number' }).generatedAlwaysAs(
      sql`case when \`public_order\` is null then 0 else 2147483648 - \`public_order\` end`,
      { mode: 'stored' },
    ),
  },
  (t) => [
    uniqueIndex('uq_model_sha256').on(t.modelId, t.sha256),
    // The seed's four ("Database Optimization").
    index('idx_model_status').on(t.modelId, t.moderationStatus),
    index('idx_upload_date').on(sql`${t.uploadDate} desc`),
    index('idx_category_status').on(t.categoryId, t.moderationStatus),
    index('idx_model_category_date').on(t.modelId, t.categoryId, sql`${t.uploadDate} desc`),
    index('idx_deleted_at').on(t.deletedAt),
    // Which rows still use an original (the purge and the orphan sweep ask for a batch of keys at a time).
    index('idx_storage_key').on(t.storageKey),
    // One per sort (keyset pages of a model's library or trash read in index order), and the common filters.
    index('idx_library_upload').on(t.modelId, t.deletedAt, t.uploadDate, t.id),
    index('idx_library_taken').on(t.modelId, t.deletedAt, t.takenSort, t.id),
    index('idx_library_name').on(t.modelId, t.deletedAt, t.originalFilename, t.id),
    index('idx_library_bytes').on(t.modelId, t.deletedAt, t.bytes, t.id),
    index('idx_library_width').on(t.modelId, t.deletedAt, t.widthSort, t.id),
    index('idx_library_category').on(
      t.modelId,
      t.deletedAt,
      t.categoryId,
      t.moderationStatus,
      t.uploadDate,
      t.id,
    ),
    index('idx_library_status').on(t.modelId, t.deletedAt, t.moderationStatus, t.uploadDate, t.id),
    // The public gallery: a model's approved items newest first, and in a category's manual order.
    index('idx_public_gallery').on(t.modelId, t.publicVersion, t.deletedAt, t.uploadDate, t.id),
    index('idx_public_category').on(t.modelId, t.categoryId, t.publicPosition, t.uploadDate, t.id),
    // The next publication-window boundary of a model (what a cached public page may not outlive).
    index('idx_publish_from').on(t.modelId, t.publishFrom),
    index('idx_publish_until').on(t.modelId, t.publishUntil),
  ],
);

/**
 * The token in the public image URLs of one published version of a media (`/i/<token>/<preset>`). It dies
 * (`revoked_at`) when the item stops being public or another version replaces it, so every URL handed out answers
 * 404 at once; a later publication gets a new token.
 */
export const publicTokens = mysqlTable(
  'media_public_tokens',
  {
    id: id(),
    mediaId: ref()
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    modelId: ref()
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    version: int({ unsigned: true }).notNull(),
    /** 16 random bytes, base64url (22 characters); tokens issued before migration 0012 have 32 (43 characters). */
    token: exactAscii(43).notNull(),
    createdAt: createdAt(),
    revokedAt: instant(),
  },
  (t) => [
    uniqueIndex('media_public_tokens_token_uq').on(t.token),
    index('media_public_tokens_media_idx').on(t.mediaId, t.revokedAt),
  ],
);

/** One rendered file of one version of a media: a preset (thumb, sm, md, lg, xl) in one format. */
export const mediaVariants = mysqlTable(
  'media_variants',
  {
    id: id(),
    mediaId: ref()
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    version: int({ unsigned: true }).notNull(),
    preset: varchar({ length: 32 }).notNull(),
    format: varchar({ length: 16 }).notNull(),
    width: pixels().notNull(),
    height: pixels().notNull(),
    bytes: byteCount().notNull(),
    storageKey: storageKey().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('media_variants_version_preset_format_uq').on(t.mediaId, t.version, t.preset, t.format),
  ],
);

/** What was read from the original (seed table `media_metadata`), one row per media. */
export const mediaMetadata = mysqlTable('media_metadata', {
  id: id(),
  mediaId: ref()
    .notNull()
    .unique('media_metadata_media_uq')
    .references(() => media.id, { onDelete: 'cascade' }),
  basicInfo: json().$type<MediaBasicInfo>(),
  exifData: json().$type<MediaExifData>(),
  colorData: json().$type<MediaColorData>(),
  extractedAt: instantNow(),
});

/**
 * A version of a media: the operation list that turns the original into it, who saved it, whether its files are
 * rendered, and its own moderation outcome. Version 0 (the upload, no operations) gets its row with the first edit.
 * History is never rewritten: a revert adds a version copying an older one's operations.
 */
export const mediaEdits = mysqlTable(
  'media_edits',
  {
    id: id(),
    mediaId: ref()
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    version: int({ unsigned: true }).notNull(),
    operations: json().$type<EditOperation[]>().notNull(),
    authorUserId: ref().references(() => users.id, { onDelete: 'set null' }),
    /** `rendering` until the worker switched the media to it (`ready`) or gave up (`failed`). */
    status: mysqlEnum(editVersionStatuses).notNull().default('rendering'),
    /** A revert: the version whose operations it copied. */
    revertedFrom: int({ unsigned: true }),
    error: text(),
    /** This version's moderation outcome (the media row holds the current version's). */
    moderationStatus: mysqlEnum(moderationStatuses).notNull().default('pending'),
    moderatedBy: ref().references(() => users.id, { onDelete: 'set null' }),
    moderatedAt: instant(),
    moderationReason: varchar({ length: 500 }),
    /** When its variants were purged (older than the last 10 versions and not public). */
    variantsPurgedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('media_edits_media_version_uq').on(t.mediaId, t.version)],
);

/** The operation log (seed table `media_operations`): each processing or edit run on a media and its outcome. */
export const mediaOperations = mysqlTable(
  'media_operations',
  {
    id: id(),
    mediaId: ref()
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    operation: varchar({ length: 64 }).notNull(),
    params: json().$type<JsonObject>(),
    status: mysqlEnum(operationStatuses).notNull().default('queued'),
    /** The BullMQ job id, to find the row again on retry or progress. */
    jobId: varchar({ length: 255 }),
    processingMs: int({ unsigned: true }),
    error: text(),
    createdAt: createdAt(),
    startedAt: instant(),
    finishedAt: instant(),
  },
  (t) => [
    index('media_operations_media_created_idx').on(t.mediaId, t.createdAt),
    index('media_operations_status_created_idx').on(t.status, t.createdAt),
    index('media_operations_job_idx').on(t.jobId),
  ],
);

/** A model's tags (free-form names, unique per model). */
export const tags = mysqlTable(
  'media_tags',
  {
    id: id(),
    modelId: ref()
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    name: varchar({ length: 64 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('media_tags_model_name_uq').on(t.modelId, t.name)],
);

/** Which media carry which tags. */
export const mediaTags = mysqlTable(
  'media_tag_links',
  {
    mediaId: ref()
      .notNull()
      .references(() => media.id, { onDelete: 'cascade' }),
    tagId: ref()
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.mediaId, t.tagId] }),
    index('media_tag_links_tag_idx').on(t.tagId, t.mediaId),
  ],
);

export type Media = typeof media.$inferSelect;
export type NewMedia = typeof media.$inferInsert;
export type MediaVariant = typeof mediaVariants.$inferSelect;
export type NewMediaVariant = typeof mediaVariants.$inferInsert;
export type MediaMetadata = typeof mediaMetadata.$inferSelect;
export type NewMediaMetadata = typeof mediaMetadata.$inferInsert;
export type MediaEdit = typeof mediaEdits.$inferSelect;
export type NewMediaEdit = typeof mediaEdits.$inferInsert;
export type MediaOperation = typeof mediaOperations.$inferSelect;
export type Tag = typeof tags.$inferSelect;
export type PublicToken = typeof publicTokens.$inferSelect;
export type NewMediaOperation = typeof mediaOperations.$inferInsert;
