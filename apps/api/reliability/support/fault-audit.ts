import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { createDb, eq, inArray, media, mediaVariants } from '@phoenix4ge/db';
import { JobName } from '@phoenix4ge/shared';
import type { StorageConfig } from '@phoenix4ge/shared/node';
import { bullPrefix, createRedis, createStorage, JobProducer, LOCAL_TEMP_DIR } from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';
import type { ApiConfig } from '../../src/env';
import type { HealthAnswer } from './fault-stack';
import { isHealthy } from './fault-stack';

/** What the audit after a fault found for one model's library (all counts over that model only). */
export interface FaultAudit {
  /** Uploads answered 2xx (distinct media ids). */
  accepted: number;
  /** Media rows of the model (2xx ones, plus any committed whose answer was lost with the connection). */
  rows: number;
  ready: number;
  /** Ended `failed` with a reason (a reason is required: a bare failure counts as stuck). */
  failedWithReason: { id: number; reason: string }[];
  /** Rows neither ready nor failed with a reason when the wait ended. */
  stuck: { id: number; status: string }[];
  /** Ids answered 2xx with no row at all. */
  missing: number[];
  /** Rows whose original is not in storage. */
  missingOriginals: number[];
  /** Variant rows more than once per media, version, preset and format. */
  duplicateVariantRows: number;
  /** Variant rows whose file is not stored. */
  missingVariantFiles: string[];
  /** Stored variant files no row names. */
  strayVariantFiles: string[];
  /** Spool and temporary files present once every item settled, before the sweep (a crash may leave some). */
  tempFilesBeforeSweep: string[];
  /** After the orphan sweep: originals with no row, spool and temporary files. */
  orphansAfterSweep: string[];
  /** Whether /health was 200 with a worker beating, and how long after the audit began. */
  healthy: boolean;
  healthyAfterMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => [] as string[]);
}

/** Runs `maintenance.sweep` through the queue (as the hourly schedule does) and waits for its result. */
async function runSweep(config: Pick<ApiConfig, 'redis'>) {
  const redis = createRedis(config.redis, 'blocking', 'p4g-reliability-sweep');
  const producer = new JobProducer(redis, config.redis.keyPrefix);
  // BullMQ leaves a connection it was handed open; this one is closed below, or it would retry a stopped Redis
  // for ever (ioredis's "Unhandled error event" lines in the next trial's output).
  const eventsConnection = redis.duplicate();
  const events = new QueueEvents('maintenance', {
    connection: eventsConnection,
    prefix: bullPrefix(config.redis.keyPrefix),
  });
  try {
    await events.waitUntilReady();
    const job = await producer.enqueue(JobName.MaintenanceSweep, { olderThanMinutes: 60 });
    return await job.waitUntilFinished(events, 60_000);
  } finally {
    await events.close();
    await producer.close();
    eventsConnection.disconnect();
    redis.disconnect();
  }
}

/**
 * After a fault: waits (up to `timeoutMs`) for the api and worker to be healthy again and for every media of the
 * model to end ready or failed with a reason; then checks that each 2xx has its row and original, that no variant
 * is doubled or missing or stray, and runs the orphan sweep (with the local driver, every file is first dated two
 * hours back so the sweep's one-hour guard does not spare it) and lists what it left.
 */
export async function auditAfterFault(options: {
  config: Pick<ApiConfig, 'database' | 'redis'> & { storage: StorageConfig };
  modelId: number;
  acceptedIds: number[];
  health: () => Promise<HealthAnswer>;
  timeoutMs: number;
}): Promise<FaultAudit> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const db = createDb(options.config.database);
  const storage = createStorage(options.config.storage);
  const accepted = [...new Set(options.acceptedIds)];
  try {
    let healthyAfterMs: number | undefined;
    while (Date.now() < deadline) {
      if (isHealthy(await options.health())) {
        healthyAfterMs = Date.now() - started;
        break;
      }
      await sleep(500);
    }

    const readRows = () =>
      db.db
        .select({
          id: media.id,
          status: media.processingStatus,
          error: media.processingError,
          key: media.storageKey,
        })
        .from(media)
        .where(eq(media.modelId, options.modelId));
    const settled = (row: { status: string; error: string | null }) =>
      row.status === 'ready' || (row.status === 'failed' && Boolean(row.error));
    let rows = await readRows();
    while (Date.now() < deadline && !rows.every(settled)) {
      await sleep(500);
      rows = await readRows();
    }

    const ids = rows.map((row) => row.id);
    const variants =
      ids.length === 0
        ? []
        : await db.db.select().from(mediaVariants).where(inArray(mediaVariants.mediaId, ids));
    const seen = new Map<string, number>();
    for (const variant of variants) {
      const key = `${variant.mediaId}/${variant.version}/${variant.preset}/${variant.format}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const stored = new Set<string>();
    for await (const object of storage.list(`variants/${options.modelId}`)) stored.add(object.key);
    const named = new Set(variants.map((variant) => variant.storageKey));
    const missingOriginals: number[] = [];
    for (const row of rows) if (!(await storage.stat(row.key))) missingOriginals.push(row.id);

    const tempFilesBeforeSweep = await filesIn(path.join(options.config.storage.localPath, LOCAL_TEMP_DIR));
    // The orphan sweep, as the hourly schedule runs it, over files made to look old enough.
    if (options.config.storage.driver === 'local') {
      const old = new Date(Date.now() - 2 * 3600_000);
      const root = options.config.storage.localPath;
      for (const name of await filesIn(path.join(root, LOCAL_TEMP_DIR)))
        await utimes(path.join(root, LOCAL_TEMP_DIR, name), old, old).catch(() => undefined);
      for await (const object of storage.list(`originals/${options.modelId}`))
        await utimes(path.join(root, object.key), old, old).catch(() => undefined);
    }
    await runSweep(options.config);
    const keys = new Set(rows.map((row) => row.key));
    const orphansAfterSweep: string[] = [];
    for await (const object of storage.list(`originals/${options.modelId}`))
      if (!keys.has(object.key)) orphansAfterSweep.push(object.key);
    for (const name of await filesIn(path.join(options.config.storage.localPath, LOCAL_TEMP_DIR)))
      orphansAfterSweep.push(`${LOCAL_TEMP_DIR}/${name}`);

    const finalHealth = await options.health();
    return {
      accepted: accepted.length,
      rows: rows.length,
      ready: rows.filter((row) => row.status === 'ready').length,
      failedWithReason: rows
        .filter((row) => row.status === 'failed' && row.error)
        .map((row) => ({ id: row.id, reason: row.error ?? '' })),
      stuck: rows.filter((row) => !settled(row)).map((row) => ({ id: row.id, status: row.status })),
      missing: accepted.filter((id) => !ids.includes(id)),
      missingOriginals,
      duplicateVariantRows: [...seen.values()].filter((count) => count > 1).length,
      missingVariantFiles: [...named].filter((key) => !stored.has(key)),
      strayVariantFiles: [...stored].filter((key) => !named.has(key)),
      tempFilesBeforeSweep,
      orphansAfterSweep,
      healthy: isHealthy(finalHealth),
      healthyAfterMs,
    };
  } finally {
    await db.close();
  }
}

/** Nothing lost: every 2xx ready (or failed with a reason), nothing doubled, stray or orphaned, healthy again. */
export function auditPassed(audit: FaultAudit): boolean {
  return (
    audit.stuck.length === 0 &&
    audit.missing.length === 0 &&
    audit.missingOriginals.length === 0 &&
    audit.duplicateVariantRows === 0 &&
    audit.missingVariantFiles.length === 0 &&
    audit.strayVariantFiles.length === 0 &&
    audit.orphansAfterSweep.length === 0 &&
    audit.healthy
  );
}

/** What was lost, in words (`nothing` when nothing was). */
export function lostInWords(audits: FaultAudit[]): string {
  const sum = (pick: (audit: FaultAudit) => number) =>
    audits.reduce((total, audit) => total + pick(audit), 0);
  const parts = [
    [sum((a) => a.missing.length), '2xx uploads with no row'],
    [sum((a) => a.stuck.length), 'uploads stuck unprocessed'],
    [sum((a) => a.missingOriginals.length), 'originals missing'],
    [sum((a) => a.duplicateVariantRows), 'duplicate variants'],
    [sum((a) => a.missingVariantFiles.length), 'variant files missing'],
    [sum((a) => a.strayVariantFiles.length), 'stray variant files'],
    [sum((a) => a.orphansAfterSweep.length), 'orphan files after the sweep'],
    [audits.filter((a) => !a.healthy).length, 'repetitions not healthy again'],
  ] as const;
  const lost = parts.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
  return lost.length === 0 ? 'nothing' : lost.join(', ');
}

/** What survived, in words with numbers. */
export function survivedInWords(audits: FaultAudit[]): string {
  const sum = (pick: (audit: FaultAudit) => number) =>
    audits.reduce((total, audit) => total + pick(audit), 0);
  const failed = sum((a) => a.failedWithReason.length);
  const healthy = audits.filter((a) => a.healthy).length;
  return [
    `${sum((a) => a.ready)} of ${sum((a) => a.rows)} stored uploads ready${failed ? `, ${failed} failed with a reason` : ''}`,
    `${sum((a) => a.duplicateVariantRows)} duplicate variants`,
    `${sum((a) => a.orphansAfterSweep.length)} orphan files after the sweep`,
    `healthy again ${healthy} of ${audits.length} times`,
  ].join('; ');
}

/** The slowest return to health over the repetitions, for the notes. */
export function slowestRecovery(audits: FaultAudit[]): string {
  const times = audits.map((audit) => audit.healthyAfterMs).filter((ms): ms is number => ms !== undefined);
  return times.length === 0 ? 'never healthy' : `${(Math.max(...times) / 1000).toFixed(1)} s`;
}
