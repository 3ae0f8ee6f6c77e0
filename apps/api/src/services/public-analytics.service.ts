import type { Readable } from 'node:stream';
import type { Repositories } from '@phoenix4ge/db';
import type { PublicEvents } from '@phoenix4ge/shared';
import type { AnalyticsBuffer, Logger, StorageDriver } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import { isbot } from 'isbot';
import type { VisitorsRepository } from '../repositories/visitors.repository';

export interface PublicAnalyticsDeps {
  repositories: Pick<Repositories, 'models' | 'publication' | 'variants'>;
  visitors: VisitorsRepository;
  buffer: AnalyticsBuffer;
  storage: StorageDriver;
  logger: Logger;
}

/** Who is asking, as far as counting goes (the IP only enters the visitor hash). */
export interface VisitorRequest {
  ip: string;
  userAgent: string | undefined;
}

/** No user agent at all is a script, not a visitor. */
const isRobot = (userAgent: string) => userAgent === '' || isbot(userAgent);

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'Not found' });

/** `portrait 1.tif` → `portrait 1.jpg`; non-ASCII stays only in the RFC 5987 form of the header. */
function downloadName(originalFilename: string): { ascii: string; utf8: string } {
  const dot = originalFilename.lastIndexOf('.');
  const stem = (dot > 0 ? originalFilename.slice(0, dot) : originalFilename).trim() || 'image';
  const utf8 = `${stem}.jpg`;
  const ascii = utf8.replace(/[^A-Za-z0-9 ._-]/g, '_');
  return { ascii, utf8 };
}

/**
 * The public site's counting: views reported in batches and downloads of public images. Bots are not counted,
 * each visitor counts once per image, kind and UTC day, and only public items count (others are accepted and
 * dropped, so the answer tells nothing about which ids exist). Counts go to the Redis buffer; the worker's
 * `maintenance.analytics-flush` moves them to the database.
 */
export function createPublicAnalyticsService(deps: PublicAnalyticsDeps) {
  const { models, publication, variants } = deps.repositories;

  /**
   * Slug → model id, remembered: a slug never changes owner while its model exists, and whether the model's items
   * are public (archived, consent) is checked with the items themselves.
   */
  const modelIds = new Map<string, number>();
  async function modelIdOf(slug: string): Promise<number> {
    const known = modelIds.get(slug);
    if (known !== undefined) return known;
    const model = await models.bySlug(slug);
    if (!model) throw notFound();
    modelIds.set(slug, model.id);
    return model.id;
  }

  return {
    /** Counts a batch of views; `retryAfter` (seconds) when the visitor has sent too many batches. */
    async recordEvents(
      modelSlug: string,
      body: PublicEvents,
      request: VisitorRequest,
    ): Promise<{ retryAfter?: number }> {
      const modelId = await modelIdOf(modelSlug);
      const userAgent = request.userAgent ?? '';
      if (isRobot(userAgent)) return {};
      const visitor = await deps.visitors.key(request.ip, userAgent);
      const retryAfter = await deps.visitors.limit(visitor.key);
      if (retryAfter !== undefined) return { retryAfter };
      const ids = [...new Set(body.events.map((event) => event.mediaId))];
      const visible = await publication.publicIds(modelId, ids);
      // Nothing public: the model may be archived or erased since; the next batch reads it again (404 once gone).
      if (visible.length === 0) modelIds.delete(modelSlug);
      const fresh = await deps.visitors.firstToday(visitor, 'view', visible);
      await deps.buffer.count(fresh.map((mediaId) => ({ mediaId, modelId: modelId, kind: 'view' })));
      return {};
    },

    /**
     * A public image as a file: the largest JPEG rendered from its public (approved) version (the variants carry
     * no EXIF/GPS and the model's watermark; the original may do neither). NOT_FOUND for anything not public.
     */
    async download(
      modelSlug: string,
      mediaId: number,
      request: VisitorRequest,
      /** False for a HEAD request: it receives no file, so it is no download. */
      counted = true,
    ): Promise<{ filename: { ascii: string; utf8: string }; bytes: number; open: () => Promise<Readable> }> {
      const modelId = await modelIdOf(modelSlug);
      const item = await publication.publicItem(modelId, mediaId);
      if (!item) throw notFound();
      const files = await variants.ofVersions(item.id, [item.publicVersion]);
      const [largest] = files
        .filter((file) => file.format === 'jpeg' && file.preset !== 'thumb')
        .sort((a, b) => b.width - a.width);
      if (!largest) throw notFound();
      const userAgent = request.userAgent ?? '';
      if (counted && !isRobot(userAgent)) {
        // Counting is best effort here: Redis being down must not cost the visitor the file.
        try {
          const visitor = await deps.visitors.key(request.ip, userAgent);
          const fresh = await deps.visitors.firstToday(visitor, 'download', [item.id]);
          await deps.buffer.count(fresh.map((id) => ({ mediaId: id, modelId: modelId, kind: 'download' })));
        } catch (error) {
          deps.logger.warn({ err: error, mediaId: item.id }, 'download not counted');
        }
      }
      return {
        filename: downloadName(item.originalFilename),
        bytes: largest.bytes,
        open: () => deps.storage.get(largest.storageKey),
      };
    },
  };
}

export type PublicAnalyticsService = ReturnType<typeof createPublicAnalyticsService>;
