import type { ModelDossier } from '@phoenix4ge/db';
import { createModelDossier } from '@phoenix4ge/db';
import { EventName, exportKey } from '@phoenix4ge/shared';
import type { ZipEntry } from '@phoenix4ge/shared/node';
import { uniqueNames, zipArchive } from '@phoenix4ge/shared/node';
import type { HandlerContext, JobHandler } from './types';

/** Media read per query while the archive is written. */
const PAGE = 200;

const README = `GDPR export of one model of the phoenix4ge Media Library.

originals/       every uploaded original file as stored (never modified), named <media id>-<original filename>
media.json       the model, its categories, and every media row (trashed ones too) with the metadata read
                 from its original (basic info, EXIF, colours)
edits.json       every saved version of every media: its operation list, author, status and moderation outcome
moderation.json  the moderation decisions (per media and per version) and every moderation request with the
                 provider's scores and labels
analytics.json   usage counts: totals per media and per day (UTC)
audit.json       the audit log entries about this model (who did what, when, from which address)

Times are UTC (ISO 8601). Ids are the library's own.
`;

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/** The archive's entries; `onOriginal` is told how many originals have been handed to the archive so far. */
async function* entriesOf(
  dossier: ModelDossier,
  context: HandlerContext,
  onOriginal: (done: number) => Promise<void>,
): AsyncGenerator<ZipEntry> {
  const now = new Date();
  const model = await dossier.model();
  if (!model) throw new Error('the model is gone');
  yield { name: 'README.txt', mtime: now, data: Buffer.from(README, 'utf8') };

  const name = uniqueNames();
  const mediaRows: unknown[] = [];
  const edits: unknown[] = [];
  const requests: unknown[] = [];
  const decisions: unknown[] = [];
  let done = 0;
  for (let after = 0; ; ) {
    const page = await dossier.mediaPage(after, PAGE);
    if (page.length === 0) break;
    after = page.at(-1)?.media.id ?? after;
    const ids = page.map((row) => row.media.id);
    const [pageEdits, pageRequests] = await Promise.all([
      dossier.edits(ids),
      dossier.moderationRequests(ids),
    ]);
    edits.push(...pageEdits);
    requests.push(...pageRequests);
    for (const { media, metadata } of page) {
      const { searchText: _search, ...row } = media;
      mediaRows.push({ ...row, metadata });
      decisions.push({
        mediaId: media.id,
        version: media.currentVersion,
        status: media.moderationStatus,
        moderatedBy: media.moderatedBy,
        moderatedAt: media.moderatedAt,
        reason: media.moderationReason,
      });
      const key = media.storageKey;
      yield {
        name: `originals/${name(`${media.id}-${media.originalFilename}`)}`,
        mtime: media.uploadDate,
        open: () => context.storage.get(key),
      };
      done += 1;
      await onOriginal(done);
    }
  }

  const { settings, ...described } = model;
  yield {
    name: 'media.json',
    mtime: now,
    data: json({
      model: { ...described, settings },
      categories: await dossier.categories(),
      media: mediaRows,
    }),
  };
  yield { name: 'edits.json', mtime: now, data: json(edits) };
  yield {
    name: 'moderation.json',
    mtime: now,
    data: json({
      decisions,
      versionDecisions: edits.map((edit) => {
        const { mediaId, version, moderationStatus, moderatedBy, moderatedAt, moderationReason } = edit as {
          [key: string]: unknown;
        };
        return {
          mediaId,
          version,
          status: moderationStatus,
          moderatedBy,
          moderatedAt,
          reason: moderationReason,
        };
      }),
      requests,
    }),
  };
  const [totals, daily] = await Promise.all([dossier.analyticsTotals(), dossier.analyticsDaily()]);
  yield { name: 'analytics.json', mtime: now, data: json({ totals, daily }) };
  yield { name: 'audit.json', mtime: now, data: json(await dossier.audit()) };
}

/**
 * model.export: writes a model's GDPR export (its `model_exports` row) as a ZIP to storage under `exports/`,
 * streaming (one original open at a time), with progress published to the model's settings page. A rerun
 * writes the whole archive again under the same key (all-or-nothing per storage write).
 */
export const modelExport: JobHandler<'model.export'> = async ({ exportId }, context) => {
  const { repositories, storage } = context;
  const row = await repositories.exports.byId(exportId);
  if (!row || row.status === 'ready' || row.status === 'expired') return { exportId, status: 'skipped' };
  const modelId = row.modelId;
  const publish = (done: number, total: number, state: 'running' | 'ready' | 'failed') => {
    context.events.publish(EventName.ModelDataProgress, {
      modelId,
      kind: 'export',
      exportId,
      done,
      total,
      state,
    });
    return context.progress({ done, total });
  };
  const model = await repositories.models.byId(modelId);
  if (!model || model.erasingAt) {
    await repositories.exports.markFailed(exportId, 'the model is being erased');
    await publish(0, 0, 'failed');
    return { exportId, status: 'skipped' };
  }
  await repositories.exports.markRunning(exportId);
  const total = await repositories.media.countOfModel(modelId);
  await publish(0, total, 'running');
  const dossier = createModelDossier(context.db, modelId);
  const key = exportKey(modelId, exportId);
  try {
    const stored = await storage.put(
      key,
      zipArchive(
        entriesOf(dossier, context, async (done) => {
          if (done % 10 === 0 || done === total) await publish(done, total, 'running');
        }),
      ),
      { contentType: 'application/zip' },
    );
    // Erased meanwhile: the erasure may have emptied the model's storage before this file was written.
    const after = await repositories.models.byId(modelId);
    if (!after || after.erasingAt) {
      await storage.delete(key);
      return { exportId, status: 'skipped' };
    }
    await repositories.exports.markReady(exportId, key, stored.bytes);
    await publish(total, total, 'ready');
    return { exportId, status: 'ready', bytes: stored.bytes };
  } catch (error) {
    if (context.lastAttempt) {
      await repositories.exports.markFailed(exportId, error instanceof Error ? error.message : String(error));
      await publish(0, total, 'failed');
    }
    throw error;
  }
};
