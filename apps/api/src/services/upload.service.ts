import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Media, Model, Repositories } from '@phoenix4ge/db';
import { isDuplicateKeyError, ModelErasingError } from '@phoenix4ge/db';
import type { UploadFields, UploadOutcome } from '@phoenix4ge/shared';
import { jobs, originalKey, UploadFieldsSchema } from '@phoenix4ge/shared';
import type { Events, Logger, StorageDriver } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import { sanitizeFilename } from '../media/content-rules';
import { FileTooLargeError, UploadInspector } from '../media/upload-inspector';
import type { UploadLimits } from '../media/upload-judge';
import { judgeUpload, UploadRejection } from '../media/upload-judge';
import { spoolUpload } from '../media/upload-spool';
import type { ApiMetrics } from '../metrics/api-metrics';
import { erasingMessage } from './access.service';
import type { AuditService } from './audit.service';
import type { Caller } from './caller';
import type { MediaPresenter } from './media.presenter';
import type { SecurityLog } from './security-log';

export interface UploadServiceDeps {
  repositories: Pick<Repositories, 'media' | 'outbox' | 'categories' | 'models'>;
  storage: StorageDriver;
  /** Where uploads are spooled before they are judged and stored (see media/upload-spool.ts). */
  spoolDir: string;
  present: MediaPresenter;
  events: Events;
  audit: Pick<AuditService, 'recordMutation'>;
  security: SecurityLog;
  limits: UploadLimits;
  logger: Logger;
  metrics?: Pick<ApiMetrics, 'upload'>;
}

/** One file of an upload request, with the text fields sent before it. */
export interface IncomingFile {
  filename: string | undefined;
  stream: Readable;
  /** Whether the multipart parser cut the stream at its own size limit. */
  truncatedByParser?: () => boolean;
  fields: Record<string, string>;
}

export type UploadRequestResult =
  | { outcomes: UploadOutcome[] }
  | { refused: { status: 400 | 403; code: 'BAD_REQUEST' | 'FORBIDDEN'; message: string } };

/** The fields as stored: the category resolved to an id of the model. */
type ResolvedFields = Omit<UploadFields, 'category'> & { categoryId?: number };

/**
 * The seed's MediaUploadService: streams each file to a spool file (hashed and size-limited on the way), judges it
 * by content (headers only: no pixel decode but a 1/8-scale check of a suspicious JPEG), stores it under its
 * content address, then commits the media row and its processing job together (the outbox). A 2xx is only given
 * once the file and the row are durable. An exact duplicate (same sha256) is answered here; near-duplicates are
 * the worker's to find and announce (`media.near-duplicates`), since finding them needs the pixels.
 */
export function createUploadService(deps: UploadServiceDeps) {
  const { media, outbox, categories } = deps.repositories;
  const { limits } = deps;

  async function duplicateOutcome(name: string, existing: Media): Promise<UploadOutcome> {
    if (existing.deletedAt) {
      await media.restore(existing.id);
      deps.events.mediaChanged(existing.modelId, existing.id, 'updated');
    }
    const current = existing.deletedAt ? { ...existing, deletedAt: null } : existing;
    return { name, status: 'duplicate', id: existing.id, media: deps.present.summary(current) };
  }

  /** Receives one file; returns its outcome (counted in the metrics with the bytes received). */
  async function receive(
    model: Model,
    caller: Caller,
    file: Omit<IncomingFile, 'fields'>,
    fields: ResolvedFields,
  ): Promise<UploadOutcome> {
    const inspector = new UploadInspector(limits.maxFileSize);
    const outcome = await receiveInto(inspector, model, caller, file, fields);
    deps.metrics?.upload(outcome.status, inspector.bytes);
    return outcome;
  }

  /** Receives one file through `inspector`; never leaves a spool file behind. */
  async function receiveInto(
    inspector: UploadInspector,
    model: Model,
    caller: Caller,
    file: Omit<IncomingFile, 'fields'>,
    fields: ResolvedFields,
  ): Promise<UploadOutcome> {
    const name = sanitizeFilename(file.filename);
    let spoolPath: string | undefined;
    try {
      spoolPath = await spoolUpload(file.stream, inspector, deps.spoolDir);
      if (inspector.tooLarge || file.truncatedByParser?.()) {
        throw new UploadRejection('FILE_TOO_LARGE', new FileTooLargeError(limits.maxFileSize).message);
      }
      const type = await judgeUpload(spoolPath, inspector, limits, deps.logger.child({ file: name }));
      const sha256 = inspector.sha256;

      const existing = await media.bySha(model.id, sha256);
      if (existing) return duplicateOutcome(name, existing);

      const key = originalKey(model.id, sha256, type.extension);
      await deps.storage.putFile(key, spoolPath, { contentType: type.mime });
      spoolPath = undefined;

      let id: number;
      try {
        id = await outbox.commit(
          async (tx) => {
            // A model being erased takes nothing more (checked under a lock the erasure's mark waits for).
            await deps.repositories.models.assertWritable(model.id, tx);
            return media.insert(
              {
                modelId: model.id,
                categoryId: fields.categoryId ?? null,
                originalFilename: name,
                altText: fields.altText ?? null,
                caption: fields.caption ?? null,
                mimeType: type.mime,
                bytes: inspector.bytes,
                sha256,
                storageKey: key,
                // The perceptual hash is the worker's: it decodes the pixels anyway; the api never does.
                phash: null,
                uploadedBy: caller.kind === 'user' ? caller.user.id : null,
              },
              tx,
            );
          },
          (mediaId) => [jobs.mediaProcess(mediaId, 0)],
        );
      } catch (error) {
        if (error instanceof ModelErasingError) {
          // The erasure may already have emptied the model's storage: this file must not outlive it.
          await deps.storage.delete(key);
          throw new TRPCError({ code: 'CONFLICT', message: erasingMessage(model.slug) });
        }
        // The same content committed meanwhile by a concurrent upload (unique model + sha256).
        const raced = isDuplicateKeyError(error) ? await media.bySha(model.id, sha256) : undefined;
        if (!raced) throw error;
        return duplicateOutcome(name, raced);
      }
      const created = await media.byId(id);
      if (!created) throw new Error('media row vanished after commit');
      deps.events.mediaChanged(created.modelId, created.id, 'created');
      return {
        name,
        status: 'created',
        id: created.id,
        media: deps.present.summary(created),
      };
    } catch (error) {
      if (error instanceof UploadRejection) {
        if (error.detail)
          deps.logger.info({ file: name, code: error.code, detail: error.detail }, 'upload refused');
        return { name, status: 'rejected', error: { code: error.code, message: error.message } };
      }
      throw error;
    } finally {
      if (spoolPath) await rm(spoolPath, { force: true });
    }
  }

  /**
   * Checks the text fields sent before a file and resolves `category` (an id or a name of the model's categories).
   * A malformed field or unknown name is a 400; another model's category a 403.
   */
  async function checkFields(
    model: Model,
    raw: Record<string, string>,
  ): Promise<ResolvedFields | Extract<UploadRequestResult, { refused: unknown }>> {
    const bad = (message: string) => ({
      refused: { status: 400 as const, code: 'BAD_REQUEST' as const, message },
    });
    const parsed = UploadFieldsSchema.safeParse(raw);
    if (!parsed.success) {
      return bad(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    }
    const { category, ...rest } = parsed.data;
    if (category === undefined) return rest;
    const found = /^\d+$/.test(category)
      ? await categories.byId(Number(category))
      : await categories.byName(model.id, category);
    if (!found) return bad(`category: ${model.slug} has no category ${JSON.stringify(category)}`);
    if (found.modelId !== model.id) {
      return {
        refused: {
          status: 403,
          code: 'FORBIDDEN',
          message: `category: ${category} is not a category of ${model.slug}`,
        },
      };
    }
    return { ...rest, categoryId: found.id };
  }

  /** Audits the request (like every mutation) and records each refused file as a security event. */
  async function record(model: Model, caller: Caller, ip: string, outcomes: UploadOutcome[]) {
    const count = (status: UploadOutcome['status']) =>
      outcomes.filter((outcome) => outcome.status === status).length;
    const [only] = outcomes;
    await deps.audit.recordMutation({
      action: 'media.upload',
      caller,
      ip,
      note: {
        modelId: model.id,
        targetType: 'media',
        targetId: outcomes.length === 1 && only && only.status !== 'rejected' ? only.id : undefined,
        details: {
          created: count('created'),
          duplicate: count('duplicate'),
          rejected: count('rejected'),
          files: outcomes.map((outcome) => ({
            name: outcome.name,
            status: outcome.status,
            ...(outcome.status === 'rejected' ? { code: outcome.error.code } : { id: outcome.id }),
          })),
        },
      },
    });
    for (const outcome of outcomes) {
      if (outcome.status !== 'rejected') continue;
      await deps.security.record('file_rejected', {
        userId: caller.kind === 'user' ? caller.user.id : null,
        apiKeyId: caller.kind === 'apiKey' ? caller.key.id : null,
        ip,
        details: { model: model.slug, name: outcome.name, code: outcome.error.code },
      });
    }
  }

  return {
    limits,
    receive,

    /**
     * One upload request (`POST …/upload`): every file in turn, each with the fields sent before it, then the
     * audit entry and security events. Bad fields or no file at all: `badRequest` (files so far are kept).
     */
    async receiveRequest(
      model: Model,
      caller: Caller,
      ip: string,
      files: AsyncIterable<IncomingFile>,
    ): Promise<UploadRequestResult> {
      const outcomes: UploadOutcome[] = [];
      for await (const file of files) {
        const fields = await checkFields(model, file.fields);
        if ('refused' in fields) {
          file.stream.resume();
          return fields;
        }
        outcomes.push(await receive(model, caller, file, fields));
      }
      if (outcomes.length === 0) {
        return { refused: { status: 400, code: 'BAD_REQUEST', message: 'The request has no file part' } };
      }
      await record(model, caller, ip, outcomes);
      return { outcomes };
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
