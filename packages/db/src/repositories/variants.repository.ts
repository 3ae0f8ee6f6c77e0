import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { Media, MediaVariant, NewMediaVariant } from '../schema';
import { media, mediaVariants } from '../schema';
import type { Transaction } from './executor';

export type VariantFile = Omit<NewMediaVariant, 'id' | 'mediaId' | 'version' | 'createdAt'>;

/** The rendered files of each media version (`media_variants`). */
export function createVariantsRepository(db: Database) {
  return {
    /** The variants of each media's current version, for these media (optionally one preset). */
    async ofCurrentVersion(
      items: Pick<Media, 'id' | 'currentVersion'>[],
      preset?: string,
    ): Promise<MediaVariant[]> {
      if (items.length === 0) return [];
      const rows = await db
        .select()
        .from(mediaVariants)
        .where(
          and(
            inArray(
              mediaVariants.mediaId,
              items.map((item) => item.id),
            ),
            preset ? eq(mediaVariants.preset, preset) : undefined,
          ),
        )
        .orderBy(asc(mediaVariants.id));
      return rows.filter((row) =>
        items.some((item) => item.id === row.mediaId && item.currentVersion === row.version),
      );
    },
    /** The files of these versions of one media (optionally one preset): the edit history's thumbnails. */
    async ofVersions(mediaId: number, versions: number[], preset?: string): Promise<MediaVariant[]> {
      if (versions.length === 0) return [];
      return db
        .select()
        .from(mediaVariants)
        .where(
          and(
            eq(mediaVariants.mediaId, mediaId),
            inArray(mediaVariants.version, versions),
            preset ? eq(mediaVariants.preset, preset) : undefined,
          ),
        )
        .orderBy(asc(mediaVariants.id));
    },
    /** One file of one version, if it was made. */
    async find(
      mediaId: number,
      version: number,
      preset: string,
      format: string,
    ): Promise<MediaVariant | undefined> {
      return db.query.mediaVariants.findFirst({
        where: and(
          eq(mediaVariants.mediaId, mediaId),
          eq(mediaVariants.version, version),
          eq(mediaVariants.preset, preset),
          eq(mediaVariants.format, format),
        ),
      });
    },
    /** The variant stored under `storageKey`, with its media. */
    async byKey(storageKey: string): Promise<{ variant: MediaVariant; media: Media } | undefined> {
      const [row] = await db
        .select({ variant: mediaVariants, media })
        .from(mediaVariants)
        .innerJoin(media, eq(media.id, mediaVariants.mediaId))
        .where(eq(mediaVariants.storageKey, storageKey))
        .limit(1);
      return row;
    },
    /** The files of every version of these media. */
    async allKeysOf(mediaIds: number[]): Promise<string[]> {
      if (mediaIds.length === 0) return [];
      const rows = await db
        .select({ key: mediaVariants.storageKey })
        .from(mediaVariants)
        .where(inArray(mediaVariants.mediaId, mediaIds));
      return rows.map((row) => row.key);
    },
    async keysOf(mediaId: number, version: number): Promise<string[]> {
      const rows = await db
        .select({ key: mediaVariants.storageKey })
        .from(mediaVariants)
        .where(and(eq(mediaVariants.mediaId, mediaId), eq(mediaVariants.version, version)));
      return rows.map((row) => row.key);
    },
    /**
     * Makes the variant rows of this version exactly `variants` (a rerun replaces, never duplicates). Stale rows are
     * found with a plain read and deleted by primary key: a ranged DELETE on the unique index would gap-lock up to
     * the next media's rows, and two workers finishing neighbouring media would deadlock on their inserts.
     * Returns the keys the version had before, so the caller can remove the files no longer named. Runs in `within`,
     * a transaction of the caller's, when given (the rows then commit with what the caller writes there).
     */
    async replace(
      mediaId: number,
      version: number,
      variants: VariantFile[],
      within?: Transaction,
    ): Promise<string[]> {
      const replaceIn = async (tx: Transaction): Promise<string[]> => {
        const keep = new Set(variants.map((variant) => variant.storageKey));
        const existing = await tx
          .select({ id: mediaVariants.id, key: mediaVariants.storageKey })
          .from(mediaVariants)
          .where(and(eq(mediaVariants.mediaId, mediaId), eq(mediaVariants.version, version)));
        const stale = existing.filter((row) => !keep.has(row.key)).map((row) => row.id);
        if (stale.length > 0) await tx.delete(mediaVariants).where(inArray(mediaVariants.id, stale));
        const before = existing.map((row) => row.key);
        if (variants.length === 0) return before;
        await tx
          .insert(mediaVariants)
          .values(variants.map((variant) => ({ ...variant, mediaId, version })))
          .onDuplicateKeyUpdate({
            set: {
              width: sql`VALUES(${mediaVariants.width})`,
              height: sql`VALUES(${mediaVariants.height})`,
              bytes: sql`VALUES(${mediaVariants.bytes})`,
              storageKey: sql`VALUES(${mediaVariants.storageKey})`,
            },
          });
        return before;
      };
      return within ? replaceIn(within) : db.transaction(replaceIn);
    },
  };
}

export type VariantsRepository = ReturnType<typeof createVariantsRepository>;
