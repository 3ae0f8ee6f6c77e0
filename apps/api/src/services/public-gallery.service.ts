import type { Model, PublicFile, Repositories } from '@phoenix4ge/db';
import type { PublicCategories, PublicGalleryPage, PublicItem } from '@phoenix4ge/shared';
import { PUBLIC_DEFAULT_SIZES, PUBLIC_PAGE_DEFAULT, PublicGalleryQuerySchema } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import type { PublicAnswer } from '../repositories/public-answer';
import type { CachedBody, PublicCacheRepository } from '../repositories/public-cache.repository';
import type { PublicCursors } from './public-cursor';

/** The presets a `srcset` offers (the square `thumb` is a crop, not a width of the same picture). */
const srcsetPresets = ['sm', 'md', 'lg', 'xl'];
const srcsetFormats = ['avif', 'webp', 'jpeg'] as const;

/** A public model, and seconds until its public output changes by itself (a window edge, the consent's end). */
interface PublicModel {
  model: Model;
  maxAgeSeconds: number;
}

/** `<url> <width>w, …` of one format, each width once (small images are never enlarged, so presets can tie). */
function srcsetOf(files: PublicFile[], url: (preset: string) => string): string | undefined {
  const seen = new Set<number>();
  const parts: string[] = [];
  for (const preset of srcsetPresets) {
    const file = files.find((candidate) => candidate.preset === preset);
    if (!file || seen.has(file.width)) continue;
    seen.add(file.width);
    parts.push(`${url(preset)} ${file.width}w`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * The public gallery API (no login): a model's public items with ready-to-use `srcset`s of `/i/<token>/<preset>`
 * URLs, and its categories with public counts. Answers are JSON text cached per publication version
 * (public-cache.repository.ts); an unknown or archived model is NOT_FOUND, a bad query or cursor BAD_REQUEST.
 */
export function createPublicGalleryService(deps: {
  repositories: Pick<Repositories, 'models' | 'publication'>;
  cache: PublicCacheRepository;
  cursors: PublicCursors;
  publicUrl: string | undefined;
}) {
  const { publication } = deps.repositories;
  const base = deps.publicUrl?.replace(/\/+$/, '') ?? '';
  /**
   * Slugs of public models seen by this process. Slugs never change, and archiving bumps the publication version,
   * so a cached answer found through this map is still the model's; a miss reads the model again.
   */
  const modelIds = new Map<string, number>();

  /** The model by slug if its portfolio is public (it exists, is not archived, not paused), read at `now`. */
  async function publicModel(slug: string, now = new Date()): Promise<PublicModel> {
    const found = await publication.modelWithBoundary(slug, now);
    if (!found || found.model.archivedAt || found.model.publicPausedAt) {
      modelIds.delete(slug);
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No such portfolio' });
    }
    const { model, nextBoundary } = found;
    modelIds.set(slug, model.id);
    const maxAgeSeconds = nextBoundary
      ? (nextBoundary.getTime() - now.getTime()) / 1000
      : Number.POSITIVE_INFINITY;
    return { model, maxAgeSeconds };
  }

  /**
   * The cached answer of `what`. The model is read (and checked public) only when the answer is computed, alongside
   * the computation's own first read: `compute` gets the model's id at once and the model as a promise.
   */
  async function cached(
    slug: string,
    what: string,
    compute: (modelId: number, model: Promise<PublicModel>, now: Date) => Promise<CachedBody>,
  ): Promise<PublicAnswer> {
    const known = modelIds.get(slug) ?? (await publicModel(slug)).model.id;
    return deps.cache.read(known, what, () => {
      const now = new Date();
      const model = publicModel(slug, now).then((found) => {
        if (found.model.id !== known)
          throw new TRPCError({ code: 'NOT_FOUND', message: 'No such portfolio' });
        return found;
      });
      model.catch(() => undefined); // awaited by `compute`; never an unhandled rejection if its own read fails first
      return compute(known, model, now);
    });
  }

  async function computePage(
    modelId: number,
    modelRead: Promise<PublicModel>,
    now: Date,
    categoryId: number | undefined,
    cursor: string | undefined,
    limit: number,
  ) {
    const after = cursor ? deps.cursors.read(cursor, modelId, categoryId) : undefined;
    const rows = await publication.galleryPage(modelId, { categoryId, after, limit, now });
    const { maxAgeSeconds } = await modelRead;
    const page = rows.slice(0, limit);
    // Tokens are issued on the first read of an item's public version; later pages carry them.
    const untokened = page.filter((row) => row.token === null);
    const issued =
      untokened.length > 0 ? await publication.tokensFor(modelId, untokened, now) : new Map<number, string>();
    // An item taken down since the page was read gets no token: left out.
    const items: PublicItem[] = page.flatMap((row) => {
      const token = row.token ?? issued.get(row.id);
      if (!token) return [];
      const url = (preset: string) => `${base}/i/${token}/${preset}`;
      const srcset: PublicItem['srcset'] = {};
      for (const format of srcsetFormats) {
        const value = srcsetOf(
          row.files.filter((file) => file.format === format),
          url,
        );
        if (value) srcset[format] = value;
      }
      return {
        id: row.id,
        alt: row.altText ?? '',
        caption: row.caption,
        width: row.width,
        height: row.height,
        dominantColor: row.dominantColor,
        placeholder: row.placeholder,
        focalPoint: row.focalX !== null && row.focalY !== null ? { x: row.focalX, y: row.focalY } : null,
        category:
          row.categoryId !== null && row.categoryName !== null
            ? { id: row.categoryId, name: row.categoryName, color: row.categoryColor ?? '#6c757d' }
            : null,
        srcset,
        sizes: PUBLIC_DEFAULT_SIZES,
        src: url('md'),
      } satisfies PublicItem;
    });
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? deps.cursors.write(modelId, categoryId, {
            order: categoryId !== undefined ? last.publicOrder : null,
            date: last.uploadDate,
            id: last.id,
          })
        : null;
    const body: PublicGalleryPage = { items, nextCursor };
    return { body: JSON.stringify(body), maxAgeSeconds };
  }

  return {
    /** A page of the gallery; `query` is the raw query string's values. */
    async gallery(slug: string, query: unknown): Promise<PublicAnswer> {
      const parsed = PublicGalleryQuerySchema.safeParse(query);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`,
        });
      }
      const { category, cursor } = parsed.data;
      const limit = parsed.data.limit ?? PUBLIC_PAGE_DEFAULT;
      // A bad cursor is refused before the cache, so it is never stored.
      if (cursor)
        deps.cursors.read(cursor, modelIds.get(slug) ?? (await publicModel(slug)).model.id, category);
      const what = `gallery:${category ?? 0}:${limit}:${cursor ?? ''}`;
      return cached(slug, what, (modelId, model, now) =>
        computePage(modelId, model, now, category, cursor, limit),
      );
    },

    /** Whether `slug` names a model with a public portfolio (it exists, is not archived and not paused). */
    async isPublic(slug: string): Promise<boolean> {
      const model = await deps.repositories.models.bySlug(slug);
      return model !== undefined && !model.archivedAt && !model.publicPausedAt;
    },

    /** The model's name, and its categories with their public item counts. */
    async categories(slug: string): Promise<PublicAnswer> {
      return cached(slug, 'categories', async (modelId, modelRead, now) => {
        const [{ model, maxAgeSeconds }, counts] = await Promise.all([
          modelRead,
          publication.categoryCounts(modelId, now),
        ]);
        const body: PublicCategories = {
          model: { slug: model.slug, name: model.displayName },
          categories: counts,
        };
        return { body: JSON.stringify(body), maxAgeSeconds };
      });
    },
  };
}

export type PublicGalleryService = ReturnType<typeof createPublicGalleryService>;
