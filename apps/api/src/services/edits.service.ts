import type { Media, Model, Repositories } from '@phoenix4ge/db';
import { isDuplicateKeyError } from '@phoenix4ge/db';
import type { EditOperation, EditVersionView, Size } from '@phoenix4ge/shared';
import { editGeometry, jobs, preferredVariant } from '@phoenix4ge/shared';
import type { Events, PreviewRenderer, StorageDriver } from '@phoenix4ge/shared/node';
import { localOriginal } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { AuditService } from './audit.service';
import type { SignedInCaller } from './caller';
import type { MediaPresenter } from './media.presenter';

export interface EditsServiceDeps {
  repositories: Pick<
    Repositories,
    'media' | 'edits' | 'variants' | 'metadata' | 'operations' | 'analytics' | 'outbox'
  >;
  present: MediaPresenter;
  events: Pick<Events, 'publish' | 'mediaChanged'>;
  storage: StorageDriver;
  preview: PreviewRenderer;
  audit: Pick<AuditService, 'recordMutation'>;
}

/** What a save records in the operation log besides the version and its operations (the seed's blur route). */
export interface SaveOptions {
  operation?: string;
  params?: Record<string, unknown>;
  revertedFrom?: number;
  /** Plain HTTP routes audit here (tRPC's middleware audits procedures). */
  audit?: { action: string; ip: string };
}

/** A field of the input that is wrong only in the light of stored data (a crop past the edge of this photo). */
export class InvalidFieldError extends Error {
  constructor(
    readonly path: (string | number)[],
    readonly problem: string,
  ) {
    super(`${path.join('.')}: ${problem}`);
  }
}

/** A 400 naming the operation's field (`operations.2.width`), reported like a schema error. */
function badOperation(path: (string | number)[], message: string): TRPCError {
  const cause = new InvalidFieldError(['operations', ...path], message);
  return new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
}

/**
 * Non-destructive edits: each save is a new version (its operation list), rendered by the worker's `media.edit`
 * and made current only once every file exists; the original is never touched; a revert is a new version with an
 * older one's operations; `preview` renders the list on a small copy through the same code.
 */
export function createEditsService(deps: EditsServiceDeps) {
  const { media, edits, variants, metadata, operations, analytics, outbox } = deps.repositories;

  /** The model's media; another model's is FORBIDDEN (the caller named the model, and it is not there). */
  async function find(model: Model, mediaId: number): Promise<Media> {
    const row = await media.byId(mediaId);
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${mediaId}` });
    if (row.modelId !== model.id)
      throw new TRPCError({ code: 'FORBIDDEN', message: `Media ${mediaId} is not in ${model.slug}` });
    return row;
  }

  function requireEditable(row: Media) {
    const refuse = (message: string) => new TRPCError({ code: 'CONFLICT', message });
    if (row.deletedAt) throw refuse(`Media ${row.id} is in the trash; restore it to edit it`);
    if (row.processingStatus === 'failed')
      throw refuse(`Media ${row.id} failed processing; retry it before editing`);
    if (row.processingStatus !== 'ready')
      throw refuse(`Media ${row.id} is still processing (${row.processingStatus}); edit it once it is ready`);
  }

  /** The original's upright size: what a leading crop's pixels refer to. */
  async function uprightSize(row: Media): Promise<Size> {
    const info = (await metadata.of(row.id))?.basicInfo;
    if (info?.uprightWidth && info.uprightHeight)
      return { width: info.uprightWidth, height: info.uprightHeight };
    if (row.currentVersion === 0 && row.width && row.height) return { width: row.width, height: row.height };
    throw new TRPCError({ code: 'CONFLICT', message: `Media ${row.id} has no known size yet` });
  }

  async function checkGeometry(row: Media, list: EditOperation[]): Promise<Size> {
    const size = await uprightSize(row);
    const [problem] = editGeometry(list, size).problems;
    if (problem) throw badOperation(problem.path, problem.message);
    return size;
  }

  async function save(
    model: Model,
    caller: SignedInCaller,
    input: { mediaId: number; baseVersion: number; operations: EditOperation[] },
    options: SaveOptions = {},
  ) {
    const row = await find(model, input.mediaId);
    requireEditable(row);
    const latest = Math.max(await edits.latestVersion(row.id), row.currentVersion);
    if (input.baseVersion < latest) {
      throw new TRPCError({
        code: 'CONFLICT',
        message:
          latest > row.currentVersion
            ? `Version ${latest} of media ${row.id} was saved meanwhile and is rendering; edit that one`
            : `Version ${latest} of media ${row.id} is current; you edited version ${input.baseVersion}`,
      });
    }
    if (input.baseVersion > latest)
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `Media ${row.id} has no version ${input.baseVersion}`,
      });
    await checkGeometry(row, input.operations);
    const version = latest + 1;
    let operationId: number;
    try {
      operationId = await outbox.commit(
        async (tx) => {
          await edits.create(
            row,
            {
              version,
              operations: input.operations,
              authorUserId: caller.kind === 'user' ? caller.user.id : null,
              revertedFrom: options.revertedFrom,
            },
            tx,
          );
          await analytics.countEdit(row, tx);
          return operations.queue(
            row.id,
            options.operation ?? 'edit',
            { version, operations: input.operations, ...options.params },
            tx,
          );
        },
        (id) => [jobs.mediaEdit(row.id, version, id)],
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw new TRPCError({
        code: 'CONFLICT',
        message: `Another edit of media ${row.id} was saved at the same moment; reload and edit again`,
      });
    }
    if (options.audit) {
      await deps.audit.recordMutation({
        action: options.audit.action,
        caller,
        ip: options.audit.ip,
        note: {
          modelId: model.id,
          targetType: 'media',
          targetId: row.id,
          details: { version, operation: options.operation ?? 'edit', ...options.params },
        },
        input: { operations: input.operations },
      });
    }
    deps.events.publish('edit.progress', {
      modelId: model.id,
      mediaId: row.id,
      version,
      percent: 0,
      state: 'rendering',
    });
    deps.events.mediaChanged(model.id, row.id, 'updated');
    return { mediaId: row.id, version, operationId };
  }

  return {
    save,

    /** The newest saved version and its operations (what the seed's blur route adds to). */
    async latest(model: Model, mediaId: number) {
      const row = await find(model, mediaId);
      const version = Math.max(await edits.latestVersion(row.id), row.currentVersion);
      const operations = version === 0 ? [] : ((await edits.byVersion(row.id, version))?.operations ?? []);
      return { version, operations };
    },

    async revert(
      model: Model,
      caller: SignedInCaller,
      input: { mediaId: number; baseVersion: number; toVersion: number },
    ) {
      const row = await find(model, input.mediaId);
      if (input.toVersion === row.currentVersion)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `Version ${input.toVersion} is already current`,
        });
      const source =
        input.toVersion === 0 ? { operations: [] } : await edits.byVersion(row.id, input.toVersion);
      if (!source)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `Media ${row.id} has no version ${input.toVersion}`,
        });
      return save(
        model,
        caller,
        { mediaId: row.id, baseVersion: input.baseVersion, operations: source.operations },
        { operation: 'revert', params: { toVersion: input.toVersion }, revertedFrom: input.toVersion },
      );
    },

    /** Every version, newest first, with its author, operations, thumbnail (while kept) and state. */
    async history(model: Model, mediaId: number) {
      const row = await find(model, mediaId);
      const rows = await edits.history(row.id);
      const size =
        row.processingStatus === 'ready' ? await uprightSize(row).catch(() => undefined) : undefined;
      const thumbs = await variants.ofVersions(
        row.id,
        rows.length > 0 ? rows.map((edit) => edit.version) : [0],
        'thumb',
      );
      const thumbOf = (version: number) => {
        const found = preferredVariant(
          thumbs.filter((variant) => variant.version === version),
          'thumb',
        );
        return found ? deps.present.url(found.storageKey) : null;
      };
      const versions: EditVersionView[] =
        rows.length > 0
          ? rows.map((edit) => ({
              version: edit.version,
              operations: edit.operations,
              authorEmail: edit.authorEmail,
              createdAt: edit.createdAt,
              status: edit.status,
              moderationStatus:
                edit.version === row.currentVersion ? row.moderationStatus : edit.moderationStatus,
              thumbUrl: thumbOf(edit.version),
              current: edit.version === row.currentVersion,
              public: edit.version === row.publicVersion,
              revertedFrom: edit.revertedFrom,
            }))
          : [
              {
                version: 0,
                operations: [],
                authorEmail: null,
                createdAt: row.uploadDate,
                status: 'ready',
                moderationStatus: row.moderationStatus,
                thumbUrl: thumbOf(0),
                current: true,
                public: row.publicVersion === 0,
                revertedFrom: null,
              },
            ];
      return {
        mediaId: row.id,
        currentVersion: row.currentVersion,
        publicVersion: row.publicVersion,
        uprightWidth: size?.width ?? null,
        uprightHeight: size?.height ?? null,
        versions,
      };
    },

    /** The operation list rendered on a copy at most `maxSize` on its longer side, as the saved version will be. */
    async preview(model: Model, input: { mediaId: number; operations: EditOperation[]; maxSize: number }) {
      const row = await find(model, input.mediaId);
      requireEditable(row);
      const size = await checkGeometry(row, input.operations);
      let release: (() => Promise<void>) | undefined;
      try {
        const rendered = await deps.preview.render({
          key: `${row.id}:${row.sha256}`,
          filePath: async () => {
            const file = await localOriginal(deps.storage, row.storageKey);
            release = file.release;
            return file.path;
          },
          uprightWidth: size.width,
          uprightHeight: size.height,
          operations: input.operations,
          maxSize: input.maxSize,
        });
        return {
          dataUrl: `data:${rendered.mimeType};base64,${rendered.data.toString('base64')}`,
          width: rendered.width,
          height: rendered.height,
        };
      } finally {
        await release?.();
      }
    },
  };
}

export type EditsService = ReturnType<typeof createEditsService>;
