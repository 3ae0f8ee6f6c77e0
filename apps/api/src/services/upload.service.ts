import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Media, Model } from '@phoenix4ge/db';
import type {
  MediaSummary,
  NearDuplicate,
  UploadFields,
  UploadOutcome,
  UploadRejectionCode,
} from '@phoenix4ge/shared';
import { EventName, JobName, mediaProcessJobId, NEAR_DUPLICATE_DISTANCE } from '@phoenix4ge/shared';
import type { JobProducer, Logger, Redis, StorageDriver } from '@phoenix4ge/shared/node';
import { LOCAL_TEMP_DIR, originalKey, publishEvent } from '@phoenix4ge/shared/node';
import { fileTypeFromFile } from 'file-type';
import type { AllowedType } from '../media/content-rules';
import {
  allowedTypes,
  checkEnd,
  heifFamily,
  looksLikeDamagedImage,
  sanitizeFilename,
} from '../media/content-rules';
import { decodesCompletely, probeHeader, uploadPerceptualHash } from '../media/image-probe';
import { FileTooLargeError, UploadInspector } from '../media/upload-inspector';
import type { MediaRepository } from '../repositories/media.repository';
import type { Caller } from './caller';

/** A file refused for what it is; the route answers it with `status`. */
export class UploadRejection extends Error {
  constructor(
    readonly code: UploadRejectionCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadLimits {
  maxFileSize: number;
  maxPixels: number;
  maxFrames: number;
}

export interface UploadServiceDeps {
  media: MediaRepository;
  storage: StorageDriver;
  /** Where uploads are spooled before they are checked and stored (on the storage root's file system). */
  spoolDir: string;
  producer: JobProducer;
  redis: Redis;
  keyPrefix: string;
  limits: UploadLimits;
  logger: Logger;
}

export function presentMedia(row: Media, thumbUrl: string | null = null): MediaSummary {
  return {
    id: row.id,
    originalFilename: row.originalFilename,
    mimeType: row.mimeType,
    bytes: row.bytes,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    processingStatus: row.processingStatus,
    processingError: row.processingError,
    moderationStatus: row.moderationStatus,
    moderationReason: row.moderationReason,
    moderatedAt: row.moderatedAt,
    categoryId: row.categoryId,
    altText: row.altText,
    caption: row.caption,
    uploadDate: row.uploadDate,
    deletedAt: row.deletedAt,
    placeholder: row.placeholder,
    dominantColor: row.dominantColor,
    thumbUrl,
  };
}

/** The status a single-file upload answers with. */
export function statusOf(outcome: UploadOutcome): number {
  if (outcome.status === 'created') return 201;
  if (outcome.status === 'duplicate') return 200;
  return rejectionStatus[outcome.error.code];
}

const rejectionStatus: Record<UploadRejectionCode, number> = {
  EMPTY_FILE: 422,
  FILE_TOO_LARGE: 413,
  IMAGE_TOO_LARGE: 413,
  TOO_MANY_FRAMES: 413,
  UNSUPPORTED_TYPE: 415,
  UNSUPPORTED_HEVC: 415,
  CORRUPT: 422,
  TRUNCATED: 422,
  UPLOAD_FAILED: 500,
};

const reject = (code: UploadRejectionCode, message: string) =>
  new UploadRejection(code, rejectionStatus[code], message);

/**
 * The seed's MediaUploadService and FileValidator: streams one file to a spool file (hashing and size-limiting on
 * the way), judges it by content, stores it under its content address, then commits the media row and its
 * processing job in one transaction. A 2xx is only given once the file and the row are durable.
 */
export function createUploadService(deps: UploadServiceDeps) {
  const { limits } = deps;

  /** Decides the stored type from the content; throws an UploadRejection for anything not allowed. */
  async function judge(spoolPath: string, inspector: UploadInspector): Promise<AllowedType> {
    if (inspector.bytes === 0) throw reject('EMPTY_FILE', 'The file is empty');
    // From the file, not the head: TIFF detection follows offsets into the file.
    const detected = await fileTypeFromFile(spoolPath);
    let type: AllowedType | undefined = detected ? allowedTypes[detected.mime] : undefined;
    if (!detected) {
      if (looksLikeDamagedImage(inspector.head))
        throw reject('CORRUPT', 'The image file is damaged (bad signature)');
      throw reject(
        'UNSUPPORTED_TYPE',
        'This is not an image type the library accepts (JPEG, PNG, GIF, WebP, AVIF, TIFF)',
      );
    }
    if (!type && !heifFamily.has(detected.mime)) {
      throw reject(
        'UNSUPPORTED_TYPE',
        `${detected.mime} files are not accepted; upload JPEG, PNG, GIF, WebP, AVIF or TIFF`,
      );
    }
    const header = await probeHeader(spoolPath).catch((error: unknown) => {
      throw reject(
        'CORRUPT',
        `The image cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
      );
    });
    if (!type) {
      // HEIF containers hold AV1 (AVIF, decodable) or HEVC (HEIC, which this server's libvips cannot decode).
      if (header.compression !== 'av1') {
        throw reject(
          'UNSUPPORTED_HEVC',
          'HEIC/HEIF photos (HEVC) cannot be decoded on this server; export them as JPEG or AVIF and upload again',
        );
      }
      type = allowedTypes['image/avif'];
    }
    if (!type) throw reject('UNSUPPORTED_TYPE', 'Unsupported image type');
    if (header.width * header.height > limits.maxPixels) {
      throw reject(
        'IMAGE_TOO_LARGE',
        `${header.width}×${header.height} is over the ${Math.round(limits.maxPixels / 1e6)} megapixel limit`,
      );
    }
    if (header.pages > limits.maxFrames) {
      throw reject('TOO_MANY_FRAMES', `${header.pages} frames is over the ${limits.maxFrames} frame limit`);
    }
    const end = checkEnd(type.mime, inspector.head, inspector.tail, inspector.bytes);
    if (
      end === 'truncated' ||
      (end === 'unsure' && !(await decodesCompletely(spoolPath, limits.maxPixels)))
    ) {
      throw reject('TRUNCATED', 'The image file is incomplete (truncated)');
    }
    return type;
  }

  /** Writes the stream to a new spool file, fsynced; removes it again on any failure. */
  async function spool(stream: Readable, inspector: UploadInspector): Promise<string> {
    await mkdir(deps.spoolDir, { recursive: true, mode: 0o755 });
    const spoolPath = path.join(deps.spoolDir, `${randomUUID()}.upload`);
    try {
      await pipeline(stream, inspector, createWriteStream(spoolPath, { flags: 'wx', mode: 0o644 }));
      const handle = await open(spoolPath, 'r+');
      await handle.sync().finally(() => handle.close());
      return spoolPath;
    } catch (error) {
      await rm(spoolPath, { force: true });
      throw error;
    }
  }

  /** Queues processing right away when Redis answers; the outbox relay covers the rest. */
  async function dispatch(created: Media, outboxId: number): Promise<void> {
    try {
      await deps.producer.enqueue(
        JobName.MediaProcess,
        { mediaId: created.id, version: 0 },
        { jobId: mediaProcessJobId(created.id, 0) },
      );
      await deps.media.markOutboxSent(outboxId);
    } catch (error) {
      deps.logger.warn(
        { err: error, mediaId: created.id },
        'processing not queued now; the outbox relay will',
      );
    }
    await publishEvent(deps.redis, deps.keyPrefix, EventName.MediaChanged, {
      modelId: created.modelId,
      mediaId: created.id,
      change: 'created',
    }).catch(() => undefined);
  }

  /** The hash for the near-duplicate hint; an image sharp cannot shrink simply gets none (the worker decides). */
  async function hashOf(spoolPath: string): Promise<string | null> {
    return uploadPerceptualHash(spoolPath, limits.maxPixels).catch((error: unknown) => {
      deps.logger.debug({ err: error }, 'no perceptual hash at upload');
      return null;
    });
  }

  async function nearDuplicatesOf(created: Media): Promise<NearDuplicate[]> {
    if (!created.phash) return [];
    const found = await deps.media.similar(
      created.modelId,
      created.id,
      created.phash,
      NEAR_DUPLICATE_DISTANCE,
    );
    return found.slice(0, 5).map(({ item, distance }) => ({
      id: item.id,
      originalFilename: item.originalFilename,
      distance: Number(distance),
    }));
  }

  return {
    limits,

    categoryBelongsTo: (categoryId: number, model: Model) =>
      deps.media.categoryBelongsTo(categoryId, model.id),

    /**
     * Receives one file. `truncatedByParser` tells whether the multipart parser cut the stream at its own
     * limit. Returns the outcome; never leaves a spool file behind.
     */
    async receive(
      model: Model,
      caller: Caller,
      file: { filename: string | undefined; stream: Readable; truncatedByParser?: () => boolean },
      fields: UploadFields,
    ): Promise<UploadOutcome> {
      const name = sanitizeFilename(file.filename);
      const inspector = new UploadInspector(limits.maxFileSize);
      let spoolPath: string | undefined;
      try {
        spoolPath = await spool(file.stream, inspector);
        if (inspector.tooLarge || file.truncatedByParser?.()) {
          throw reject('FILE_TOO_LARGE', new FileTooLargeError(limits.maxFileSize).message);
        }
        const type = await judge(spoolPath, inspector);
        const sha256 = inspector.sha256;

        const existing = await deps.media.bySha(model.id, sha256);
        if (existing) return duplicateOutcome(name, existing);

        const phash = await hashOf(spoolPath);
        const key = originalKey(model.id, sha256, type.extension);
        await deps.storage.putFile(key, spoolPath, { contentType: type.mime });
        spoolPath = undefined;

        const result = await deps.media.createWithOutbox({
          modelId: model.id,
          categoryId: fields.category ?? null,
          originalFilename: name,
          altText: fields.altText ?? null,
          caption: fields.caption ?? null,
          mimeType: type.mime,
          bytes: inspector.bytes,
          sha256,
          storageKey: key,
          phash,
          uploadedBy: caller.kind === 'user' ? caller.user.id : null,
        });
        if ('existing' in result) return duplicateOutcome(name, result.existing);
        await dispatch(result.created, result.outboxId);
        return {
          name,
          status: 'created',
          id: result.created.id,
          media: presentMedia(result.created),
          nearDuplicates: await nearDuplicatesOf(result.created),
        };
      } catch (error) {
        if (error instanceof UploadRejection) {
          return { name, status: 'rejected', error: { code: error.code, message: error.message } };
        }
        throw error;
      } finally {
        if (spoolPath) await rm(spoolPath, { force: true });
      }
    },
  };

  async function duplicateOutcome(name: string, existing: Media): Promise<UploadOutcome> {
    if (existing.deletedAt) await deps.media.restore(existing.id);
    const current = existing.deletedAt ? { ...existing, deletedAt: null } : existing;
    return { name, status: 'duplicate', id: existing.id, media: presentMedia(current) };
  }
}

export type UploadService = ReturnType<typeof createUploadService>;

export function spoolDirectory(storageRoot: string): string {
  return path.join(storageRoot, LOCAL_TEMP_DIR);
}
