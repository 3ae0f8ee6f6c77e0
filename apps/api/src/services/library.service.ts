import type { LibraryPageRow, Model, Repositories } from '@phoenix4ge/db';
import { sortValueOf } from '@phoenix4ge/db';
import type {
  LibraryItem,
  MediaFilter,
  MediaListInput,
  MediaSort,
  MediaUpdate,
  ModerationStatus,
} from '@phoenix4ge/shared';
import { jobs, moderationStatuses } from '@phoenix4ge/shared';
import type { Events } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { FacetsCacheRepository } from '../repositories/facets-cache.repository';
import type { LibraryCursors, LibraryPosition } from './library-cursor';
import type { MediaPresenter } from './media.presenter';

/** An edit based on an older revision: answered CONFLICT, with the item as it is now. */
export class StaleEditError extends Error {
  constructor(readonly current: LibraryItem) {
    super(`Media ${current.id} was changed by someone else (now at revision ${current.revision}); reload it`);
  }
}

export interface LibraryServiceDeps {
  repositories: Pick<Repositories, 'media' | 'variants' | 'tags' | 'categories' | 'outbox'>;
  present: MediaPresenter;
  cursors: LibraryCursors;
  events: Events;
  /** Facet counts cached per library version (optional: without it every request counts). */
  facetsCache?: Pick<FacetsCacheRepository, 'read'>;
}

const forbidden = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });

/**
 * The seed's searchMediaSecure, grown into the library: filtered, sorted pages with opaque keyset cursors, facet
 * counts fetched apart from the page, and one editor's change to one item with optimistic concurrency.
 */
export function createLibraryService(deps: LibraryServiceDeps) {
  const { media, variants, tags, categories, outbox } = deps.repositories;

  /** Library items for these rows, in their order: thumbnails and tags read in two queries for the whole page. */
  async function present(model: Model, rows: LibraryPageRow[]): Promise<LibraryItem[]> {
    const [thumbs, tagsByMedia] = await Promise.all([
      variants.ofCurrentVersion(rows, 'thumb'),
      tags.ofMedia(rows.map((row) => row.id)),
    ]);
    const now = new Date();
    return rows.map((row) => deps.present.libraryItem(row, thumbs, tagsByMedia, model, now));
  }

  /** Library items of the model by id, in the order of `ids` (missing ones left out). */
  async function items(model: Model, ids: number[]): Promise<LibraryItem[]> {
    const rows = await media.rowsByIds(model.id, ids);
    const ordered = ids.flatMap((id) => rows.filter((row) => row.id === id));
    return present(model, ordered);
  }

  /** A filter may only name the model's own category and tags (another model's is FORBIDDEN, not empty). */
  async function checkFilter(model: Model, filter: MediaFilter): Promise<void> {
    if (typeof filter.category === 'number' && !(await categories.belongsTo(filter.category, model.id))) {
      throw forbidden(`category: ${filter.category} is not a category of ${model.slug}`);
    }
    const foreignTags = await tags.foreignIds(model.id, filter.tags ?? []);
    if (foreignTags.length > 0)
      throw forbidden(`tags: ${foreignTags.join(', ')} are not tags of ${model.slug}`);
  }

  async function item(model: Model, id: number): Promise<LibraryItem> {
    const [row] = await media.rowsByIds(model.id, [id]);
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${id} in ${model.slug}` });
    const [presented] = await present(model, [row]);
    if (!presented) throw new Error('a row vanished while it was presented');
    return presented;
  }

  /** Counts for the filter, in total, by moderation status and by category (each ignoring its own filter). */
  async function countFacets(model: Model, filter: MediaFilter) {
    const { byStatus, byCategory } = await media.facets(model.id, filter);
    const moderation = Object.fromEntries(moderationStatuses.map((status) => [status, 0])) as Record<
      ModerationStatus,
      number
    >;
    for (const row of byStatus) moderation[row.status] = row.count;
    const counted = filter.moderation?.length ? filter.moderation : moderationStatuses;
    return {
      total: counted.reduce((sum, status) => sum + moderation[status], 0),
      moderation,
      categories: byCategory.map((row) => ({ categoryId: row.categoryId, count: row.count })),
    };
  }

  return {
    checkFilter,
    item,
    items,

    /**
     * One page: `limit` items after (or before) the cursor's position, with the cursors of the next and the
     * previous page (null at either end). Page 1,000 costs what page 1 costs.
     */
    async list(model: Model, input: MediaListInput) {
      const { cursor, limit, sort, direction, ...filter } = input;
      const order: MediaSort = { sort, direction };
      await checkFilter(model, filter);
      const from = cursor ? deps.cursors.read(cursor, model.id, filter, order) : undefined;
      const rows = await media.page({ modelId: model.id, filter, sort: order, from, limit: limit + 1 });
      const forward = from?.forward ?? true;
      const more = rows.length > limit;
      // Reading backwards, the extra row is the one farthest from the cursor: the first.
      const page = more ? (forward ? rows.slice(0, limit) : rows.slice(rows.length - limit)) : rows;
      const first = page[0];
      const last = page.at(-1);
      const edge = (row: LibraryPageRow, towards: boolean): string => {
        const position: LibraryPosition = { value: sortValueOf(row, sort), id: row.id, forward: towards };
        return deps.cursors.write(model.id, filter, order, position);
      };
      const hasNext = forward ? more : from !== undefined;
      const hasPrevious = forward ? from !== undefined : more;
      return {
        items: await present(model, page),
        nextCursor: hasNext && last ? edge(last, true) : null,
        prevCursor: hasPrevious && first ? edge(first, false) : null,
      };
    },

    /** How many items match, in total and by moderation status and category (each ignoring its own filter). */
    async facets(model: Model, filter: MediaFilter) {
      await checkFilter(model, filter);
      const count = () => countFacets(model, filter);
      return deps.facetsCache ? deps.facetsCache.read(model.id, filter, count) : count();
    },

    /** The model's tags starting with `prefix`, most used first (autocomplete). */
    suggestTags: (model: Model, prefix: string, limit: number) => tags.suggest(model.id, prefix, limit),

    /**
     * An editor's change to one item, applied only when it is still at the revision the change was based on;
     * otherwise CONFLICT with the item as it is now, and nothing changes. A new focal point re-renders the
     * thumbnail in the worker (its job committed with the change).
     */
    async update(model: Model, input: MediaUpdate): Promise<LibraryItem> {
      const { id, revision, tags: tagNames, focalPoint, ...fields } = input;
      const [row] = await media.byIds([id]);
      if (!row || row.modelId !== model.id) {
        throw row
          ? forbidden(`Media ${id} is not in ${model.slug}`)
          : new TRPCError({ code: 'NOT_FOUND', message: `No media ${id}` });
      }
      if (
        typeof fields.categoryId === 'number' &&
        !(await categories.belongsTo(fields.categoryId, model.id))
      ) {
        throw forbidden(`categoryId: ${fields.categoryId} is not a category of ${model.slug}`);
      }
      const focusMoved =
        focalPoint !== undefined &&
        ((focalPoint?.x ?? null) !== row.focalX || (focalPoint?.y ?? null) !== row.focalY);
      const changes = {
        ...fields,
        // Another category: the item leaves the old one's manual order and joins the new one after its ordered items.
        ...(fields.categoryId !== undefined && fields.categoryId !== row.categoryId
          ? { publicOrder: null }
          : {}),
        ...(focalPoint !== undefined ? { focalX: focalPoint?.x ?? null, focalY: focalPoint?.y ?? null } : {}),
      };
      try {
        await outbox.commit(
          async (tx) => {
            if (!(await media.updateEditorial(id, revision, changes, tx)))
              throw new StaleEditError(await item(model, id));
            if (tagNames !== undefined) await tags.replace(model.id, id, tagNames, tx);
          },
          () =>
            focusMoved && row.processingStatus === 'ready'
              ? [jobs.mediaRefocus(id, row.currentVersion, focalPoint ?? null)]
              : [],
        );
      } catch (error) {
        if (error instanceof StaleEditError) {
          throw new TRPCError({ code: 'CONFLICT', message: error.message, cause: error });
        }
        throw error;
      }
      deps.events.mediaChanged(model.id, id, 'updated');
      return item(model, id);
    },
  };
}

export type LibraryService = ReturnType<typeof createLibraryService>;
