import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { LibraryRow, Model, Repositories } from '@phoenix4ge/db';
import type {
  DownloadInput,
  DownloadKind,
  PreparedDownloadView,
  VariantPresetName,
} from '@phoenix4ge/shared';
import { downloadPath, preferredVariant } from '@phoenix4ge/shared';
import type { StorageDriver, ZipEntry } from '@phoenix4ge/shared/node';
import { uniqueNames, zipArchive } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { DownloadsRepository, PreparedDownload } from '../repositories/downloads.repository';
import type { SignedInCaller } from './caller';
import { actorOf } from './caller';
import type { MediaBulkService } from './media-bulk.service';
import type { SecurityLog } from './security-log';

/** How long a prepared download may be started (the download itself may take longer). */
export const DOWNLOAD_TTL_SECONDS = 300;
/** Items read from the database at a time while the archive is written. */
const BATCH = 100;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export interface MediaDownloadServiceDeps {
  repositories: Pick<Repositories, 'media' | 'variants'>;
  bulk: Pick<MediaBulkService, 'resolve'>;
  downloads: DownloadsRepository;
  storage: StorageDriver;
  security: SecurityLog;
  publicUrl: string | undefined;
}

/** The archive's name: `<model>-originals-<n>.zip`, `<model>-md-<n>.zip` (ASCII: slugs are). */
const archiveName = (model: Model, kind: DownloadKind, count: number) =>
  `${model.slug}-${kind === 'original' ? 'originals' : kind}-${count}.zip`;

const stemOf = (filename: string) => {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(0, dot) : filename;
};

/**
 * ZIP downloads of a selection, in two steps: `prepare` (a tRPC mutation, so audited) resolves the selection
 * like a bulk action (nothing of another model, "everything matching" means all) and keeps the ids in Redis under
 * a random token for a few minutes; `open` (a plain GET the browser follows) streams the archive of the originals
 * or of one preset's files. Items without that preset's file are listed in MISSING.txt instead.
 */
export function createMediaDownloadService(deps: MediaDownloadServiceDeps) {
  const { media, variants } = deps.repositories;

  /** The archive's entries, read a batch at a time as the archive asks for them. */
  async function* entriesOf(model: Model, download: PreparedDownload): AsyncGenerator<ZipEntry> {
    const name = uniqueNames();
    const missing: string[] = [];
    const preset = download.kind === 'original' ? undefined : (download.kind as VariantPresetName);
    for (let start = 0; start < download.ids.length; start += BATCH) {
      const ids = download.ids.slice(start, start + BATCH);
      const rows = new Map((await media.rowsByIds(model.id, ids)).map((row) => [row.id, row]));
      const files = preset ? await variants.ofCurrentVersion([...rows.values()], preset) : [];
      for (const id of ids) {
        const row: LibraryRow | undefined = rows.get(id);
        if (!row) {
          missing.push(`#${id}: no longer in the library (deleted for good since the download was prepared)`);
          continue;
        }
        let key = row.storageKey;
        let entryName = row.originalFilename;
        if (preset) {
          const file = preferredVariant(
            files.filter((variant) => variant.mediaId === id),
            preset,
          );
          if (!file) {
            missing.push(
              `#${id} ${row.originalFilename}: no ${preset} file (processing: ${row.processingStatus})`,
            );
            continue;
          }
          key = file.storageKey;
          entryName = `${stemOf(row.originalFilename)}${key.slice(key.lastIndexOf('.'))}`;
        }
        yield { name: name(entryName), mtime: row.uploadDate, open: () => deps.storage.get(key) };
      }
    }
    if (missing.length > 0) {
      const text = [
        `${missing.length} of the ${download.ids.length} selected items are not in this archive:`,
        ...missing,
        '',
      ].join('\n');
      yield { name: name('MISSING.txt'), mtime: new Date(), data: Buffer.from(text, 'utf8') };
    }
  }

  return {
    async prepare(model: Model, caller: SignedInCaller, input: DownloadInput): Promise<PreparedDownloadView> {
      const ids = await deps.bulk.resolve(model, input.selection);
      if (ids.length === 0) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'selection: nothing matches; nothing to download',
        });
      }
      const token = randomBytes(24).toString('base64url');
      const { actorUserId, actorApiKeyId } = actorOf(caller);
      await deps.downloads.save(
        token,
        { modelId: model.id, kind: input.kind, ids, userId: actorUserId, apiKeyId: actorApiKeyId },
        DOWNLOAD_TTL_SECONDS,
      );
      return {
        token,
        count: ids.length,
        url: `${deps.publicUrl?.replace(/\/+$/, '') ?? ''}${downloadPath(model.slug, token)}`,
        expiresAt: new Date(Date.now() + DOWNLOAD_TTL_SECONDS * 1000),
      };
    },

    /**
     * The archive of a prepared download, for the caller who prepared it on this model: NOT_FOUND once it has
     * expired (or for a made-up token), FORBIDDEN for anyone else's (a security event).
     */
    async open(
      model: Model,
      caller: SignedInCaller,
      ip: string,
      token: string,
    ): Promise<{ filename: string; count: number; archive: () => Readable }> {
      const download = TOKEN_PATTERN.test(token) ? await deps.downloads.find(token) : undefined;
      if (!download) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: 'No such download (they expire after a few minutes)',
        });
      }
      const { actorUserId, actorApiKeyId } = actorOf(caller);
      if (
        download.modelId !== model.id ||
        download.userId !== actorUserId ||
        download.apiKeyId !== actorApiKeyId
      ) {
        await deps.security.record('forbidden', {
          userId: actorUserId,
          ip,
          details: {
            modelSlug: model.slug,
            reason: 'a download prepared by someone else or for another model',
          },
        });
        throw new TRPCError({ code: 'FORBIDDEN', message: 'This download was prepared for someone else' });
      }
      await deps.security.downloaded(caller, download.ids.length);
      return {
        filename: archiveName(model, download.kind, download.ids.length),
        count: download.ids.length,
        /** Starts writing (and reading files) only when called: a HEAD request never does. */
        archive: () => zipArchive(entriesOf(model, download)),
      };
    },
  };
}

export type MediaDownloadService = ReturnType<typeof createMediaDownloadService>;
