import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { MediaVariant } from '../schema';
import { categories, media, mediaVariants, models, publicTokens } from '../schema';
import { datetimeParam, publicCondition } from './public-condition';

/** Where a public page continues: after the item with this manual order (category pages), date and id. */
export interface PublicPosition {
  order: number | null;
  date: Date;
  id: number;
}

/** What a public page says of a file: which preset, format and width (the URL is the token's). */
export type PublicFile = Pick<MediaVariant, 'preset' | 'format' | 'width'>;

/**
 * The live token of a row's public version, read with the page (one index lookup per row on
 * media_public_tokens_media_idx); null when none was issued yet.
 */
const liveToken = sql<
  string | null
>`(select ${publicTokens.token} from ${publicTokens} where ${publicTokens.mediaId} = ${media.id} and ${publicTokens.version} = ${media.publicVersion} and ${publicTokens.revokedAt} is null limit 1)`.as(
  'live_token',
);

/**
 * The files of a row's public version as a JSON array of `[preset, format, width]`, read with the page (one range
 * of media_variants_version_preset_format_uq per row). MariaDB returns the text, MySQL 8 a parsed JSON value.
 */
const publicFiles = sql<
  string | [string, string, number][] | null
>`(select json_arrayagg(json_array(${mediaVariants.preset}, ${mediaVariants.format}, ${mediaVariants.width})) from ${mediaVariants} where ${mediaVariants.mediaId} = ${media.id} and ${mediaVariants.version} = ${media.publicVersion})`.as(
  'public_files',
);

function filesOf(value: string | [string, string, number][] | null): PublicFile[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as [string, string, number][]) : (value ?? []);
  return list.map(([preset, format, width]) => ({ preset, format, width }));
}

/** `public_position` of a manual order (see the schema): smaller orders first, unordered (0) last. */
const positionOf = (order: number | null) => (order === null ? 0 : 2147483648 - order);

const galleryColumns = {
  id: media.id,
  altText: media.altText,
  caption: media.caption,
  width: media.width,
  height: media.height,
  dominantColor: media.dominantColor,
  placeholder: media.placeholder,
  focalX: media.focalX,
  focalY: media.focalY,
  publicVersion: media.publicVersion,
  publicOrder: media.publicOrder,
  uploadDate: media.uploadDate,
  categoryId: categories.id,
  categoryName: categories.name,
  categoryColor: categories.color,
  token: liveToken,
  files: publicFiles,
};

const param = {
  modelId: sql.placeholder('modelId'),
  categoryId: sql.placeholder('categoryId'),
  now: sql.placeholder('now'),
  limit: sql.placeholder('limit'),
  afterPosition: sql.placeholder('afterPosition'),
  afterDate: sql.placeholder('afterDate'),
  afterId: sql.placeholder('afterId'),
};

/** Newest first; the item at the position and those before it left out. */
const afterByDate = or(
  lt(media.uploadDate, param.afterDate),
  and(eq(media.uploadDate, param.afterDate), lt(media.id, param.afterId)),
);

/** A category's manual order (smaller first, unordered after), then newest first. */
const afterInCategory = or(
  lt(media.publicPosition, param.afterPosition),
  and(eq(media.publicPosition, param.afterPosition), afterByDate),
);

/** The page's statement for one shape: in a category or not, first page or a continuation. */
function preparePage(db: Database, inCategory: boolean, continues: boolean) {
  return db
    .select(galleryColumns)
    .from(media)
    .innerJoin(models, eq(models.id, media.modelId))
    .leftJoin(categories, eq(categories.id, media.categoryId))
    .where(
      and(
        eq(media.modelId, param.modelId),
        inCategory ? eq(media.categoryId, param.categoryId) : undefined,
        publicCondition(param.now),
        continues ? (inCategory ? afterInCategory : afterByDate) : undefined,
      ),
    )
    .orderBy(...(inCategory ? [desc(media.publicPosition)] : []), desc(media.uploadDate), desc(media.id))
    .limit(param.limit)
    .prepare();
}

type PageStatement = ReturnType<typeof preparePage>;

/**
 * A page of a model's public items: in a category, its manual order then newest first; otherwise newest first.
 * Reads `limit + 1` rows so the caller knows whether another page follows. Each row comes with the live token of
 * its public version (null until `tokensFor` issues one) and that version's files: one statement for what took
 * three round trips. Each of the four shapes is built once per pool (a public cache miss spent ~0.5 ms of CPU
 * building it); only the values change.
 */
export function createGalleryPage(db: Database) {
  const statements = new Map<string, PageStatement>();
  const statementFor = (inCategory: boolean, continues: boolean) => {
    const key = `${inCategory}:${continues}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = preparePage(db, inCategory, continues);
      statements.set(key, statement);
    }
    return statement;
  };

  return async (
    modelId: number,
    options: { categoryId?: number; after?: PublicPosition; limit: number; now?: Date },
  ) => {
    const { categoryId, after } = options;
    const rows = await statementFor(categoryId !== undefined, after !== undefined).execute({
      modelId,
      categoryId,
      now: datetimeParam(options.now ?? new Date()),
      limit: options.limit + 1,
      afterPosition: after ? positionOf(after.order) : undefined,
      afterDate: after ? datetimeParam(after.date) : undefined,
      afterId: after?.id,
    });
    return rows.map((row) => ({
      ...row,
      publicVersion: row.publicVersion ?? 0,
      files: filesOf(row.files),
    }));
  };
}
