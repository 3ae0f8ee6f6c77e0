import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Model, ModelExport, Repositories } from '@phoenix4ge/db';
import type { ModelExportView, RequestedExport } from '@phoenix4ge/shared';
import { exportPath, jobs } from '@phoenix4ge/shared';
import type { StorageDriver } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { FacetsCacheRepository } from '../repositories/facets-cache.repository';
import type { PublicCacheRepository } from '../repositories/public-cache.repository';
import { erasingMessage } from './access.service';
import type { AuditService } from './audit.service';
import type { SignedInCaller } from './caller';
import { actorOf } from './caller';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ModelDataServiceDeps {
  repositories: Pick<Repositories, 'models' | 'exports' | 'outbox'>;
  storage: StorageDriver;
  publicCache: Pick<PublicCacheRepository, 'forgetModel'>;
  facetsCache: Pick<FacetsCacheRepository, 'forgetModel'>;
  audit: Pick<AuditService, 'recordMutation'>;
  /** How long an export's link works (EXPORT_LINK_TTL_HOURS). */
  exportLinkTtlMs: number;
  publicUrl: string | undefined;
}

export function presentExport(row: ModelExport): ModelExportView {
  return {
    id: row.id,
    status: row.status,
    bytes: row.bytes,
    error: row.error,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    expiresAt: row.expiresAt,
  };
}

/** What an export link answers: the archive, or why not (410 once expired, 409 while not ready). */
export type OpenedExport =
  | { status: 200; filename: string; bytes: number; open: () => Promise<Readable> }
  | { status: 404 | 409 | 410; code: 'NOT_FOUND' | 'CONFLICT' | 'GONE'; message: string };

/**
 * A model's personal data, for admins (GDPR): the export (a `model.export` job writes a ZIP; a random link token,
 * stored only hashed, fetches it until it expires) and the erasure (the model is marked, archived and its image
 * URLs revoked at once, its cached public answers forgotten, then the `model.erase` job deletes every row and
 * stored object). Both jobs go through the outbox, so a request that answered OK has its job.
 */
export function createModelDataService(deps: ModelDataServiceDeps) {
  const { models, exports, outbox } = deps.repositories;
  const base = deps.publicUrl?.replace(/\/+$/, '') ?? '';

  return {
    /** The model an admin names; NOT_FOUND when there is none, CONFLICT while it is being erased. */
    async model(slug: string, options: { erasing?: 'allow' } = {}): Promise<Model> {
      const model = await models.bySlug(slug);
      if (!model) throw new TRPCError({ code: 'NOT_FOUND', message: `No model called "${slug}"` });
      if (model.erasingAt && options.erasing !== 'allow') {
        throw new TRPCError({ code: 'CONFLICT', message: erasingMessage(slug) });
      }
      return model;
    },

    async requestExport(model: Model, caller: SignedInCaller): Promise<RequestedExport> {
      const token = randomBytes(32).toString('base64url');
      const id = await outbox.commit(
        (tx) =>
          exports.create(
            {
              modelId: model.id,
              requestedBy: actorOf(caller).actorUserId,
              tokenHash: hashOf(token),
              expiresAt: new Date(Date.now() + deps.exportLinkTtlMs),
            },
            tx,
          ),
        (exportId) => [jobs.modelExport(exportId)],
      );
      const row = await exports.byId(id);
      if (!row) throw new Error('export row vanished after insert');
      return { export: presentExport(row), url: `${base}${exportPath(token)}` };
    },

    async listExports(model: Model): Promise<ModelExportView[]> {
      return (await exports.ofModel(model.id)).map(presentExport);
    },

    /** The archive behind a link, for an admin (the route checked that); audited as `models.exportDownload`. */
    async openExport(
      token: string,
      caller: SignedInCaller,
      ip: string,
      /** False for a HEAD request: nothing is downloaded, nothing audited. */
      download = true,
      now = new Date(),
    ): Promise<OpenedExport> {
      const row = TOKEN.test(token) ? await exports.byTokenHash(hashOf(token)) : undefined;
      if (!row) return { status: 404, code: 'NOT_FOUND', message: 'No such export link' };
      if (row.status === 'expired' || row.expiresAt <= now) {
        return {
          status: 410,
          code: 'GONE',
          message: `This export link expired at ${row.expiresAt.toISOString()}; request a new export`,
        };
      }
      if (row.status === 'failed') {
        return {
          status: 409,
          code: 'CONFLICT',
          message: `This export failed: ${row.error ?? 'unknown error'}`,
        };
      }
      const stored =
        row.status === 'ready' && row.storageKey ? await deps.storage.stat(row.storageKey) : undefined;
      if (!stored || !row.storageKey) {
        return { status: 409, code: 'CONFLICT', message: 'This export is not ready yet; try again shortly' };
      }
      const model = await models.byId(row.modelId);
      const key = row.storageKey;
      if (download) {
        await deps.audit.recordMutation({
          action: 'models.exportDownload',
          caller,
          ip,
          note: {
            modelId: row.modelId,
            targetType: 'export',
            targetId: row.id,
            details: { bytes: stored.bytes },
          },
        });
      }
      const day = row.createdAt.toISOString().slice(0, 10);
      return {
        status: 200,
        filename: `${model?.slug ?? `model-${row.modelId}`}-export-${day}-${row.id}.zip`,
        bytes: stored.bytes,
        open: () => deps.storage.get(key),
      };
    },

    /**
     * Starts erasing a model (`confirm` must be its slug). Idempotent: asked again for a model already being erased
     * (an interrupted erasure), it queues the job again.
     */
    async erase(
      model: Model,
      confirm: string,
      caller: SignedInCaller,
      ip: string,
    ): Promise<{ jobId: string }> {
      if (confirm !== model.slug) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `confirm: type the model's slug (${model.slug}) to erase it`,
        });
      }
      await models.markErasing(model.id);
      await deps.publicCache.forgetModel(model.id);
      await deps.facetsCache.forgetModel(model.id);
      const { actorUserId, actorApiKeyId } = actorOf(caller);
      const job = jobs.modelErase({ modelId: model.id, actorUserId, actorApiKeyId, ip });
      await outbox.commit(
        async () => null,
        () => [job],
      );
      return { jobId: job.jobId ?? '' };
    },
  };
}

export type ModelDataService = ReturnType<typeof createModelDataService>;
