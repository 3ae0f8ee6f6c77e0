/**
 * Scale-out proof (issue 15): two api and two worker processes (the built bundles) on one box, as two hosts would
 * run them, sharing one MariaDB database, one Redis key prefix and one S3-compatible bucket (s3rver on loopback).
 * Uploads are spread over both apis; every one is processed exactly once (counted in media_operations, variant rows
 * and S3 objects); live events, sessions, login limits and the public cache work across the two apis; kill -9 of one
 * api and one worker in the middle of a batch loses nothing, and restarted they rejoin.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, eq, inArray, media, mediaOperations, mediaVariants } from '@phoenix4ge/db';
import { JobName } from '@phoenix4ge/shared';
import {
  bullPrefix,
  createRedis,
  createS3Storage,
  JobProducer,
  LOCAL_TEMP_DIR,
  waitForRedis,
} from '@phoenix4ge/shared/node';
import { startS3rver } from '@phoenix4ge/shared/testing';
import { QueueEvents } from 'bullmq';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { loadApiConfig } from '../src/env';
import type { MediaChange } from '../src/trpc/routers/media.router';
import { takeoverWorkerEnv } from '../test/support/crash';
import {
  createModel,
  createUser,
  isolatedPrefix,
  modelRow,
  signedInMember,
  signIn,
  startApi,
  testEnv,
  trpcClient,
  until,
} from '../test/support/harness';
import { builtApi, builtWorker } from '../test/support/processes';
import { describeNeeding, needBuilt } from '../test/support/requirements';
import { upload } from '../test/support/uploads';
import type { ApiProcess, Running } from './support/fleet';
import { healthStatus, killHard, spawnApi, spawnWorker, stopGracefully } from './support/fleet';
import { recordTrial } from './support/record';

const short = process.env.RELIABILITY_PROFILE === 'short';
/** Uploads of the quiet batch, of the batch the kills hit, and of the batch after the restart. */
const sizes = short ? { quiet: 24, crash: 18, rejoin: 4 } : { quiet: 200, crash: 100, rejoin: 10 };
const CONCURRENCY = 8;

/** A small JPEG of its own: random 12×8 blocks, so distinct bytes and perceptual hashes (no duplicates, no near ones). */
async function distinctJpeg(): Promise<Buffer> {
  return sharp(randomBytes(12 * 8 * 3), { raw: { width: 12, height: 8, channels: 3 } })
    .resize(240, 160, { kernel: 'nearest' })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Runs `work` over `items`, `width` at a time. */
async function inPool<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        await work(items[index] as T, index);
      }
    }),
  );
}

/** Like `until`, but answers the last value read instead of throwing, so the trial can record what it saw. */
/** How long another api may keep serving its cached public answer after a change (issue 13's takedown bound). */
const PROPAGATION_BOUND_MS = 1_000;

async function settle<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  try {
    return await until(read, accept, timeoutMs);
  } catch {
    return read();
  }
}

interface Sent {
  name: string;
  /** The api tried first (index into the fleet), and whether its answer was lost (connection cut). */
  firstApi: number;
  lost: boolean;
  status: number;
  outcome?: 'created' | 'duplicate' | 'rejected';
  id?: number;
}

describeNeeding(
  [needBuilt(builtApi), needBuilt(builtWorker)],
  'scale-out: 2 apis + 2 workers sharing MariaDB, Redis and S3',
  () => {
    const hostDirs: string[] = [];
    let s3: Awaited<ReturnType<typeof startS3rver>>;
    let env: Record<string, string>;
    let db: ReturnType<typeof createDb>;
    const apis: ApiProcess[] = [];
    const workers: Running[] = [];
    let slug: string;
    let modelId: number;
    let editor: { email: string; password: string };
    /** The account whose failed logins are spread over both apis. */
    const victim = { email: `victim-${Date.now()}@example.test`, password: 'correct horse battery staple' };

    /** One "host": its own local folder (the upload spool and the worker's scratch files); S3 holds the media. */
    const hostEnv = (host: number) => ({ ...env, MEDIA_STORAGE_PATH: hostDirs[host] ?? '' });

    beforeAll(async () => {
      s3 = await startS3rver('p4g-scale-out');
      for (const host of [0, 1]) hostDirs[host] = await mkdtemp(path.join(os.tmpdir(), `p4g-host${host}-`));
      env = testEnv({
        ...isolatedPrefix(),
        ...s3.env,
        ...takeoverWorkerEnv,
        MODERATION_PROVIDER: 'manual',
        LOG_LEVEL: 'warn',
      });
      // Setup through an in-process api (users and the model), stopped before the fleet starts.
      const helper = await startApi(hostEnv(0));
      try {
        slug = (await createModel(helper)).slug;
        modelId = (await modelRow(helper, slug)).id;
        const member = await signedInMember(helper, slug, 'editor');
        editor = { email: member.user.email, password: member.user.password };
        await createUser(helper, victim);
      } finally {
        await helper.stop();
      }
      db = createDb(loadApiConfig(env).database);
      for (const host of [0, 1]) {
        apis[host] = await spawnApi(hostEnv(host));
        workers[host] = spawnWorker(hostEnv(host));
      }
    }, 240_000);

    afterAll(async () => {
      for (const running of [...apis.map((api) => api.running), ...workers]) await killHard(running);
      await db?.close();
      await s3?.stop();
      for (const dir of hostDirs) await rm(dir, { recursive: true, force: true });
    });

    const api = (index: number) => apis[index] as ApiProcess;

    /** Uploads each file through api `index % 2` (or `route`'s choice); a lost answer is retried on the other api. */
    async function sendBatch(
      label: string,
      count: number,
      options: { route?: (index: number) => number; afterEach?: (done: number) => Promise<void> } = {},
    ): Promise<Sent[]> {
      const files = await Promise.all(
        Array.from({ length: count }, async (_, n) => ({
          name: `${label}-${n}.jpg`,
          data: await distinctJpeg(),
        })),
      );
      const cookies = await Promise.all(
        apis.map((target) => signIn(target.url, editor.email, editor.password)),
      );
      const sent: Sent[] = [];
      let done = 0;
      await inPool(files, CONCURRENCY, async (file, index) => {
        const firstApi = options.route?.(index) ?? index % 2;
        const record: Sent = { name: file.name, firstApi, lost: false, status: 0 };
        for (const target of [firstApi, 1 - firstApi]) {
          try {
            const answer = await upload(api(target).url, slug, [file], {
              headers: { cookie: cookies[target] ?? '' },
            });
            const outcome = answer.body.files?.[0];
            Object.assign(record, {
              status: answer.status,
              outcome: outcome?.status,
              id: outcome && 'id' in outcome ? outcome.id : undefined,
            });
            break;
          } catch {
            // The connection was cut (the api was killed): a load balancer sends the retry to a live api.
            record.lost = true;
          }
        }
        sent.push(record);
        done += 1;
        await options.afterEach?.(done);
      });
      return sent;
    }

    const acceptedIds = (sent: Sent[]) =>
      sent.flatMap((one) => (one.status >= 200 && one.status < 300 && one.id !== undefined ? [one.id] : []));

    /**
     * Every key of the model in the bucket, listed a media at a time: s3rver fails listings past one page (1000
     * keys) and answers a listing that races a delete with a 500, so each listing is small and a failed one is
     * read again.
     */
    async function bucketKeys(): Promise<Set<string>> {
      const storage = createS3Storage(s3.config);
      const listed = (prefix: string) =>
        until(
          async () => {
            try {
              const keys: string[] = [];
              for await (const object of storage.list(prefix)) keys.push(object.key);
              return keys;
            } catch {
              return undefined;
            }
          },
          (keys) => keys !== undefined,
          30_000,
        ).then((keys) => keys ?? []);
      try {
        const ids = (await db.db.select({ id: media.id }).from(media).where(eq(media.modelId, modelId))).map(
          (row) => row.id,
        );
        const keys = new Set(await listed(`originals/${modelId}/`));
        await inPool(ids, CONCURRENCY, async (id) => {
          for (const key of await listed(`variants/${modelId}/${id}/`)) keys.add(key);
        });
        return keys;
      } finally {
        (await storage.client()).destroy();
      }
    }

    /** What the database and the bucket hold for these media: the exactly-once ledger. */
    async function ledger(ids: number[]) {
      const rows = ids.length
        ? await db.db
            .select({ id: media.id, status: media.processingStatus, key: media.storageKey })
            .from(media)
            .where(inArray(media.id, ids))
        : [];
      const operations = ids.length
        ? await db.db
            .select({ mediaId: mediaOperations.mediaId, status: mediaOperations.status })
            .from(mediaOperations)
            .where(inArray(mediaOperations.mediaId, ids))
        : [];
      const variants = ids.length
        ? await db.db
            .select({
              mediaId: mediaVariants.mediaId,
              version: mediaVariants.version,
              preset: mediaVariants.preset,
              format: mediaVariants.format,
              key: mediaVariants.storageKey,
            })
            .from(mediaVariants)
            .where(inArray(mediaVariants.mediaId, ids))
        : [];
      const objects = await bucketKeys();

      const perMedia = (list: Array<{ mediaId: number }>) => {
        const counts = new Map<number, number>();
        for (const one of list) counts.set(one.mediaId, (counts.get(one.mediaId) ?? 0) + 1);
        return counts;
      };
      const operationCounts = perMedia(operations);
      const succeededCounts = perMedia(operations.filter((one) => one.status === 'succeeded'));
      const variantSlots = new Set(
        variants.map((one) => `${one.mediaId}/${one.version}/${one.preset}/${one.format}`),
      );
      const variantCounts = perMedia(variants);
      return {
        missingRows: ids.length - rows.length,
        notReady: rows.filter((row) => row.status !== 'ready').map((row) => row.id),
        /** Media without exactly one `process` run recorded, and without exactly one that succeeded. */
        notOneOperation: ids.filter((id) => operationCounts.get(id) !== 1),
        notOneSuccess: ids.filter((id) => succeededCounts.get(id) !== 1),
        operations: operations.length,
        variantRows: variants.length,
        duplicateVariants: variants.length - variantSlots.size,
        mediaWithoutVariants: ids.filter((id) => !variantCounts.get(id)),
        variantObjectsMissing: variants.filter((one) => !objects.has(one.key)).length,
        originalsMissing: rows.filter((row) => !objects.has(row.key)).length,
        objects,
      };
    }

    /** Objects in the bucket that no row of the model names (orphans), originals and variants apart. */
    async function orphans() {
      const rows = await db.db
        .select({ id: media.id, key: media.storageKey })
        .from(media)
        .where(eq(media.modelId, modelId));
      const ids = rows.map((row) => row.id);
      const variantKeys = ids.length
        ? await db.db
            .select({ key: mediaVariants.storageKey })
            .from(mediaVariants)
            .where(inArray(mediaVariants.mediaId, ids))
        : [];
      const known = new Set([...rows.map((row) => row.key), ...variantKeys.map((row) => row.key)]);
      const unknown = [...(await bucketKeys())].filter((key) => !known.has(key));
      return {
        originals: unknown.filter((key) => key.startsWith('originals/')).length,
        variants: unknown.filter((key) => key.startsWith('variants/')).length,
      };
    }

    /** Live changes heard by a client of each api: media id → the changes heard. */
    function listen() {
      const heard = apis.map(() => new Map<number, Set<string>>());
      const started: Promise<void>[] = [];
      const subscriptions = apis.map((target, index) => {
        let ready: () => void = () => undefined;
        started.push(new Promise((resolve) => (ready = resolve)));
        const cookie = signIn(target.url, editor.email, editor.password);
        let unsubscribe: () => void = () => undefined;
        const opened = cookie.then((value) => {
          const subscription = trpcClient(target.url, { cookie: value }).media.onChange.subscribe(
            { modelSlug: slug },
            {
              onStarted: () => ready(),
              onData: ({ data }: { data: MediaChange }) => {
                if (data.kind !== 'item') return;
                const changes = heard[index]?.get(data.mediaId) ?? new Set<string>();
                changes.add(data.change);
                heard[index]?.set(data.mediaId, changes);
              },
            },
          );
          unsubscribe = () => subscription.unsubscribe();
        });
        return { opened, close: () => unsubscribe() };
      });
      return {
        heard,
        started: Promise.all([...started, ...subscriptions.map((one) => one.opened)]),
        close: () => {
          for (const one of subscriptions) one.close();
        },
      };
    }

    /** A login over HTTP on one api: its status (200, 401 wrong password, 429 limited). */
    async function loginStatus(url: string, email: string, password: string) {
      const response = await fetch(`${url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-p4g-csrf': '1' },
        body: JSON.stringify({ json: { email, password } }),
      });
      await response.body?.cancel();
      return response.status;
    }

    async function galleryIds(url: string): Promise<number[]> {
      const response = await fetch(`${url}/api/public/${slug}/gallery?limit=100`);
      const page = (await response.json()) as { items: Array<{ id: number }> };
      return page.items.map((item) => item.id);
    }

    /** Runs the orphan sweep (olderThanMinutes 1) until the bucket and both spools hold nothing it should remove. */
    async function sweepUntilClean() {
      const redis = createRedis(loadApiConfig(env).redis, 'blocking', 'scale-out-sweep');
      await waitForRedis(redis, 5000);
      const producer = new JobProducer(redis, loadApiConfig(env).redis.keyPrefix);
      const eventsConnection = redis.duplicate(); // closed below: BullMQ leaves a connection it was handed open
      const events = new QueueEvents('maintenance', {
        connection: eventsConnection,
        prefix: bullPrefix(loadApiConfig(env).redis.keyPrefix),
      });
      const leftovers = async () => ({
        orphans: (await orphans()).originals,
        spool: (
          await Promise.all(hostDirs.map((dir) => readdir(path.join(dir, LOCAL_TEMP_DIR)).catch(() => [])))
        ).flat().length,
      });
      const before = await leftovers();
      let lastError = '';
      try {
        await events.waitUntilReady();
        // Only files a minute old are swept (work in flight is safe), so the sweep is repeated until they are.
        const after = await vi
          .waitFor(
            async () => {
              try {
                const job = await producer.enqueue(JobName.MaintenanceSweep, { olderThanMinutes: 1 });
                await job.waitUntilFinished(events, 60_000);
              } catch (error) {
                lastError = error instanceof Error ? error.message : String(error);
                throw error;
              }
              const left = await leftovers();
              if (left.orphans > 0 || left.spool > 0) throw new Error(`left: ${JSON.stringify(left)}`);
              return left;
            },
            { timeout: 180_000, interval: 5000 },
          )
          .catch(leftovers);
        return { before, after, lastError };
      } finally {
        await events.close();
        await producer.close();
        eventsConnection.disconnect();
        redis.disconnect();
      }
    }

    it('processes every upload exactly once across both apis and workers, and loses nothing to kill -9', async () => {
      const started = Date.now();
      const findings: string[] = [];
      const check = (ok: boolean, problem: string) => {
        if (!ok) findings.push(problem);
        return ok;
      };

      // 1. Sessions: a cookie from either api works on the other.
      const cookieA = await signIn(api(0).url, editor.email, editor.password);
      const cookieB = await signIn(api(1).url, editor.email, editor.password);
      const meOnB = await trpcClient(api(1).url, { cookie: cookieA }).auth.me.query();
      const meOnA = await trpcClient(api(0).url, { cookie: cookieB }).auth.me.query();
      const sessionsShared = check(
        meOnB?.kind === 'user' && meOnB.user.email === editor.email && meOnA?.kind === 'user',
        `a session of one api was not known to the other (${JSON.stringify({ meOnA, meOnB })})`,
      );

      // 2. Login limits: 5 failures for one account, spread 3 + 2 over the apis, lock it on both.
      const failures = [];
      for (let n = 0; n < 5; n += 1)
        failures.push(await loginStatus(api(n % 2).url, victim.email, 'wrong password'));
      const lockedA = await loginStatus(api(0).url, victim.email, victim.password);
      const lockedB = await loginStatus(api(1).url, victim.email, victim.password);
      const limitsShared = check(
        failures.every((status) => status === 401) && lockedA === 429 && lockedB === 429,
        `login limits not shared: failures answered ${failures.join(',')}, then the right password ${lockedA} on A and ${lockedB} on B (429 expected on both)`,
      );

      // 3. The quiet batch, with a live client on each api.
      const live = listen();
      await live.started;
      const quietStarted = Date.now();
      const quiet = await sendBatch('quiet', sizes.quiet);
      const quietIds = acceptedIds(quiet);
      check(
        quietIds.length === sizes.quiet,
        `quiet batch: ${quietIds.length} of ${sizes.quiet} uploads answered 2xx`,
      );
      const quietLedger = await settle(
        () => ledger(quietIds),
        (state) => state.notReady.length === 0 && state.missingRows === 0,
        600_000,
      );
      const quietSeconds = (Date.now() - quietStarted) / 1000;
      const quietExact =
        check(
          quietLedger.notReady.length === 0,
          `quiet batch: not ready ${quietLedger.notReady.join(',')}`,
        ) &&
        check(
          quietLedger.notOneOperation.length === 0,
          `quiet batch: media with other than one process run: ${quietLedger.notOneOperation.join(',')}`,
        ) &&
        check(
          quietLedger.duplicateVariants === 0,
          `quiet batch: ${quietLedger.duplicateVariants} duplicate variants`,
        ) &&
        check(
          quietLedger.variantObjectsMissing === 0 && quietLedger.originalsMissing === 0,
          `quiet batch: ${quietLedger.variantObjectsMissing} variant and ${quietLedger.originalsMissing} original objects missing in S3`,
        ) &&
        check(quietLedger.mediaWithoutVariants.length === 0, 'quiet batch: media without variants');

      // Each api's client heard every item of the other api's uploads, from its creation to ready.
      const viaOther = (listener: number) =>
        quiet
          .filter((one) => one.firstApi !== listener && one.id !== undefined)
          .map((one) => one.id as number);
      const unheard = await settle(
        async () =>
          [0, 1].flatMap((listener) =>
            viaOther(listener).filter((id) => {
              const changes = live.heard[listener]?.get(id);
              return !changes?.has('created') || !changes.has('ready');
            }),
          ),
        (missing) => missing.length === 0,
        30_000,
      );
      live.close();
      const eventsShared = check(
        unheard.length === 0,
        `live events not heard across apis for media ${unheard.join(',')}`,
      );

      // 4. The public cache: B's answer (kept in its memory) is replaced after a decision made through A.
      const [shown] = quietIds;
      const decide = (decision: 'approve' | 'reject') =>
        trpcClient(api(0).url, { cookie: cookieA }).moderation.decide.mutate({
          modelSlug: slug,
          ids: [shown ?? 0],
          decision,
        });
      await galleryIds(api(1).url);
      const beforeApproval = await galleryIds(api(1).url);
      // B hears A's version bump over Redis pub/sub, which can land just after the answer to A's call: B may
      // serve its kept answer for that long, so B is asked again until it agrees (within the 1 s takedown bound).
      const seenOnB = (wanted: boolean) =>
        settle(
          () => galleryIds(api(1).url),
          (ids) => ids.includes(shown ?? 0) === wanted,
          PROPAGATION_BOUND_MS,
        );
      await decide('approve');
      const approvedAt = Date.now();
      const afterApproval = await seenOnB(true);
      const approvalSeenMs = Date.now() - approvedAt;
      await decide('reject');
      const rejectedAt = Date.now();
      const afterRejection = await seenOnB(false);
      const rejectionSeenMs = Date.now() - rejectedAt;
      const cacheShared = check(
        !beforeApproval.includes(shown ?? 0) &&
          afterApproval.includes(shown ?? 0) &&
          !afterRejection.includes(shown ?? 0),
        `public gallery on B after decisions on A (within ${PROPAGATION_BOUND_MS} ms): before ${beforeApproval.length} items, after approval has it: ${afterApproval.includes(shown ?? 0)} (${approvalSeenMs} ms), after rejection has it: ${afterRejection.includes(shown ?? 0)} (${rejectionSeenMs} ms)`,
      );

      // 5. The crash batch: kill -9 of api A and worker 1 a third of the way through.
      let killedAt = 0;
      let killing: Promise<void> | undefined;
      const crash = await sendBatch('crash', sizes.crash, {
        afterEach: async (done) => {
          if (done !== Math.floor(sizes.crash / 3) || killing) return;
          killing = Promise.all([killHard(api(0).running), killHard(workers[0] as Running)]).then(() => {
            killedAt = Date.now();
          });
          await killing;
        },
      });
      const crashIds = acceptedIds(crash);
      const answersLost = crash.filter((one) => one.lost).length;
      const retriedAsDuplicate = crash.filter((one) => one.lost && one.outcome === 'duplicate').length;
      check(
        crash.every((one) => one.status === 201 || one.status === 200),
        `crash batch: uploads not accepted by either api: ${crash
          .filter((one) => one.status !== 201 && one.status !== 200)
          .map((one) => `${one.name} ${one.status}`)
          .join(', ')}`,
      );
      const crashLedger = await settle(
        () => ledger(crashIds),
        (state) => state.notReady.length === 0 && state.missingRows === 0,
        600_000,
      );
      const recoverySeconds = killedAt ? (Date.now() - killedAt) / 1000 : 0;
      const survivorHealthy = check(
        (await healthStatus(api(1).url)) === 200,
        'api B unhealthy after the kills',
      );
      const crashExact =
        check(
          crashLedger.notReady.length === 0,
          `crash batch: not ready ${crashLedger.notReady.join(',')}`,
        ) &&
        check(
          crashLedger.missingRows === 0,
          `crash batch: ${crashLedger.missingRows} accepted uploads have no row`,
        ) &&
        check(
          crashLedger.notOneSuccess.length === 0,
          `crash batch: media without exactly one successful run: ${crashLedger.notOneSuccess.join(',')}`,
        ) &&
        check(
          crashLedger.notOneOperation.length === 0,
          `crash batch: media with more than one process run recorded (a killed run left behind): ${crashLedger.notOneOperation.join(',')}`,
        ) &&
        check(
          crashLedger.duplicateVariants === 0,
          `crash batch: ${crashLedger.duplicateVariants} duplicate variants`,
        ) &&
        check(
          crashLedger.variantObjectsMissing === 0 && crashLedger.originalsMissing === 0,
          `crash batch: ${crashLedger.variantObjectsMissing} variant and ${crashLedger.originalsMissing} original objects missing`,
        );
      const uniqueNames = new Set(
        (
          await db.db.select({ name: media.originalFilename }).from(media).where(eq(media.modelId, modelId))
        ).map((row) => row.name),
      );
      const rowCount = (await db.db.select({ id: media.id }).from(media).where(eq(media.modelId, modelId)))
        .length;
      check(rowCount === uniqueNames.size, `${rowCount - uniqueNames.size} files stored twice`);

      // 6. Restart api A (same port) and worker 1; with worker 2 stopped, they alone take a batch through both apis.
      apis[0] = await spawnApi(hostEnv(0), api(0).port);
      workers[0] = spawnWorker(hostEnv(0));
      const stopCode = await stopGracefully(workers[1] as Running);
      const rejoin = await sendBatch('rejoin', sizes.rejoin);
      const rejoinIds = acceptedIds(rejoin);
      const rejoinLedger = await settle(
        () => ledger(rejoinIds),
        (state) => state.notReady.length === 0 && state.missingRows === 0,
        180_000,
      );
      const restartedHealthy = await settle(
        () => healthStatus(api(0).url),
        (status) => status === 200,
        30_000,
      );
      const rejoined =
        check(
          rejoinIds.length === sizes.rejoin,
          `after the restart ${rejoinIds.length} of ${sizes.rejoin} accepted`,
        ) &&
        check(
          rejoinLedger.notReady.length === 0,
          `after the restart not ready: ${rejoinLedger.notReady.join(',')}`,
        ) &&
        check(restartedHealthy === 200, `restarted api A answers /health ${restartedHealthy}`) &&
        check(stopCode === 0, `worker 2 stopped with ${stopCode}`);
      workers[1] = spawnWorker(hostEnv(1));

      // 7. Nothing left behind: the sweep removes what the killed api left (spool files, an unreferenced original).
      const sweep = await sweepUntilClean();
      const orphanVariants = (await orphans()).variants;
      const clean = check(
        sweep.after.orphans === 0 && sweep.after.spool === 0 && orphanVariants === 0,
        `left behind after the sweep: ${sweep.after.orphans} orphan originals, ${orphanVariants} orphan variants, ${sweep.after.spool} spool files${sweep.lastError ? ` (last sweep error: ${sweep.lastError})` : ''}`,
      );

      const accepted = quietIds.length + crashIds.length + rejoinIds.length;
      const ready =
        accepted -
        quietLedger.notReady.length -
        crashLedger.notReady.length -
        rejoinLedger.notReady.length -
        crashLedger.missingRows;
      const passed = findings.length === 0;
      await recordTrial({
        id: 'scale-out',
        action: `2 api + 2 worker processes sharing MariaDB, Redis and S3 (s3rver); ${sizes.quiet} uploads over both apis, then kill -9 of one api and one worker a third into ${sizes.crash} more, restart, ${sizes.rejoin} more`,
        repetitions: 1,
        accepted: `${accepted} uploads answered 2xx (${answersLost} sent to the killed api failed, cut or refused, and were retried on the other api; ${retriedAsDuplicate} of them had been stored before the cut and answered duplicate)`,
        survived: `${ready} of ${accepted} uploads ready, each with exactly one process run (${quietLedger.operations + crashLedger.operations + rejoinLedger.operations} runs for ${accepted} media), ${quietLedger.duplicateVariants + crashLedger.duplicateVariants} duplicate variants, ${sweep.after.orphans + orphanVariants} orphan objects after the sweep; sessions ${sessionsShared ? 'shared' : 'NOT shared'}, login limits ${limitsShared ? 'shared' : 'NOT shared'}, live events ${eventsShared ? 'cross both apis' : 'LOST between apis'}, public cache ${cacheShared ? 'invalidated on both' : 'STALE on one api'}`,
        lost: passed ? 'nothing' : findings.join('; '),
        passed,
        notes: `${quietSeconds.toFixed(0)} s for the ${sizes.quiet} quiet uploads to be ready (concurrency ${CONCURRENCY}, 2 workers × 1 job); all accepted uploads of the crash batch ready ${recoverySeconds.toFixed(0)} s after the kill; before the sweep the killed api had left ${sweep.before.orphans} orphan objects and ${sweep.before.spool} spool files; restarted api and worker took the last batch alone (worker 2 stopped); trial took ${((Date.now() - started) / 1000).toFixed(0)} s`,
      });

      expect(findings).toEqual([]);
      expect([
        sessionsShared,
        limitsShared,
        eventsShared,
        cacheShared,
        quietExact,
        crashExact,
        survivorHealthy,
        rejoined,
        clean,
      ]).toEqual(Array(9).fill(true));
    });
  },
);
