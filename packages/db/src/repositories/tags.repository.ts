import type { TagView } from '@phoenix4ge/shared';
import { and, asc, count, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { media, mediaTags, tags } from '../schema';
import type { Executor } from './executor';

/**
 * A model's tags and which media carry them. Every change of an item's tags also rewrites its `tag_names`, the
 * copy the full-text search reads, in the same statement sequence (pass the caller's transaction).
 */
export function createTagsRepository(db: Database) {
  /** The ids of these names in the model, creating the missing ones. */
  async function ensure(modelId: number, names: string[], executor: Executor): Promise<number[]> {
    const unique = [...new Set(names.map((name) => name.trim()).filter(Boolean))];
    if (unique.length === 0) return [];
    await executor
      .insert(tags)
      .values(unique.map((name) => ({ modelId, name })))
      .onDuplicateKeyUpdate({ set: { name: sql`${tags.name}` } });
    const rows = await executor
      .select({ id: tags.id })
      .from(tags)
      .where(and(eq(tags.modelId, modelId), inArray(tags.name, unique)));
    return rows.map((row) => row.id);
  }

  /** Rewrites `tag_names` of these media from their links. */
  async function refreshNames(mediaIds: number[], executor: Executor): Promise<void> {
    if (mediaIds.length === 0) return;
    await executor
      .update(media)
      .set({
        tagNames: sql`(select group_concat(${tags.name} order by ${tags.name} separator ' ')
          from ${mediaTags} join ${tags} on ${tags.id} = ${mediaTags.tagId}
          where ${mediaTags.mediaId} = ${media.id})`,
      })
      .where(inArray(media.id, mediaIds));
  }

  return {
    /** The tags of each of these media, by name. */
    async ofMedia(mediaIds: number[]): Promise<Map<number, TagView[]>> {
      const byMedia = new Map<number, TagView[]>();
      if (mediaIds.length === 0) return byMedia;
      const rows = await db
        .select({ mediaId: mediaTags.mediaId, id: tags.id, name: tags.name })
        .from(mediaTags)
        .innerJoin(tags, eq(tags.id, mediaTags.tagId))
        .where(inArray(mediaTags.mediaId, mediaIds))
        .orderBy(asc(tags.name));
      for (const row of rows) {
        const list = byMedia.get(row.mediaId) ?? [];
        list.push({ id: row.id, name: row.name });
        byMedia.set(row.mediaId, list);
      }
      return byMedia;
    },

    /** The model's tags starting with `prefix` (all when empty), most used first: for autocomplete. */
    async suggest(modelId: number, prefix: string, limit: number): Promise<(TagView & { count: number })[]> {
      const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      const uses = count(mediaTags.mediaId);
      return db
        .select({ id: tags.id, name: tags.name, count: uses })
        .from(tags)
        .leftJoin(mediaTags, eq(mediaTags.tagId, tags.id))
        .where(and(eq(tags.modelId, modelId), prefix ? like(tags.name, `${escaped}%`) : undefined))
        .groupBy(tags.id, tags.name)
        .orderBy(desc(uses), asc(tags.name))
        .limit(limit);
    },

    /** Which of these tag ids are not the model's (a request naming one is refused). */
    async foreignIds(modelId: number, tagIds: number[]): Promise<number[]> {
      if (tagIds.length === 0) return [];
      const own = await db
        .select({ id: tags.id })
        .from(tags)
        .where(and(eq(tags.modelId, modelId), inArray(tags.id, tagIds)));
      const known = new Set(own.map((row) => row.id));
      return tagIds.filter((id) => !known.has(id));
    },

    /** Makes the item's tags exactly these names (new names become tags of the model). */
    async replace(modelId: number, mediaId: number, names: string[], executor: Executor = db): Promise<void> {
      const ids = await ensure(modelId, names, executor);
      await executor.delete(mediaTags).where(eq(mediaTags.mediaId, mediaId));
      if (ids.length > 0) {
        await executor.insert(mediaTags).values(ids.map((tagId) => ({ mediaId, tagId })));
      }
      await refreshNames([mediaId], executor);
    },

    /** Adds these names to every one of the media (bulk). */
    async add(modelId: number, mediaIds: number[], names: string[], executor: Executor = db): Promise<void> {
      const ids = await ensure(modelId, names, executor);
      if (mediaIds.length === 0 || ids.length === 0) return;
      await executor
        .insert(mediaTags)
        .values(mediaIds.flatMap((mediaId) => ids.map((tagId) => ({ mediaId, tagId }))))
        .onDuplicateKeyUpdate({ set: { tagId: sql`${mediaTags.tagId}` } });
      await refreshNames(mediaIds, executor);
    },

    /** Removes these tags from every one of the media (bulk). */
    async remove(mediaIds: number[], tagIds: number[], executor: Executor = db): Promise<void> {
      if (mediaIds.length === 0 || tagIds.length === 0) return;
      await executor
        .delete(mediaTags)
        .where(and(inArray(mediaTags.mediaId, mediaIds), inArray(mediaTags.tagId, tagIds)));
      await refreshNames(mediaIds, executor);
    },
  };
}

export type TagsRepository = ReturnType<typeof createTagsRepository>;
