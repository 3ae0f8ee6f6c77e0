import type { ChildProcess } from 'node:child_process';
import { createDb, eq, inArray, media, mediaVariants } from '@phoenix4ge/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slowJpeg, takeoverWorkerEnv } from './support/crash';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  modelRow,
  signedInMember,
  startApi,
  startWorker,
  testEnv,
  until,
} from './support/harness';
import { freePort } from './support/ports';
import { builtApi, builtWorker, spawnBuilt } from './support/processes';
import { describeNeeding, needBuilt } from './support/requirements';
import type { SlowUploadResult } from './support/slow-upload';
import { slowUpload, spoolFiles } from './support/slow-upload';
import { fixture, readManifest, upload } from './support/uploads';

/** Twenty distinct real JPEGs (the smaller ones, so the worker is done in reasonable time). */
function twentyJpegs() {
  const seen = new Set<string>();
  return readManifest()
    .filter((row) => row.expected.startsWith('accept') && row.sharpFormat === 'jpeg')
    .sort((a, b) => a.bytes - b.bytes)
    .filter((row) => !seen.has(row.sha256) && seen.add(row.sha256))
    .slice(0, 20);
}

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const createdId = (result: SlowUploadResult) =>
  'status' in result && result.body.files?.[0]?.status === 'created' ? result.body.files[0].id : undefined;

const refused = (url: string) =>
  fetch(`${url}/health`).then(
    () => false,
    () => true,
  );

describeNeeding([needBuilt(builtApi)], 'SIGTERM to the built api with 20 uploads in flight', () => {
  const env = { ...isolatedPrefix(), ...isolatedStorage() };
  let helper: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let child: ChildProcess | undefined;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    helper = await startApi(env);
    worker = await startWorker(env);
    db = createDb(helper.config.database);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await worker?.stop();
    await helper?.stop();
    await db?.close();
  });

  it('answers every upload it had with 201, refuses new connections, exits 0; every upload ends processed', async () => {
    const slug = (await createModel(helper)).slug;
    const { cookie, headers } = await signedInMember(helper, slug, 'editor');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const api = spawnBuilt(builtApi, {
      ...testEnv(env),
      PORT: String(port),
      HOST: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: '120000',
    });
    child = api.child;
    await until(
      () => refused(url),
      (isRefused) => !isRefused,
      20_000,
    );

    const files = twentyJpegs();
    expect(files).toHaveLength(20);
    const rest = gate();
    const inFlight = files.map((row) =>
      slowUpload({ port, slug, cookie, name: row.file, data: fixture(row.file), resume: rest.opened }),
    );
    // Every upload is inside the api: its spool file exists, half written.
    await until(
      () => spoolFiles(helper.config.storage.localPath),
      (names) => names.length === 20,
      30_000,
    );

    child.kill('SIGTERM');
    // It stops listening at once: a new upload cannot even connect (another instance, or nginx, takes it).
    await until(() => refused(url), Boolean, 10_000);
    const late = await upload(url, slug, [{ name: 'late.jpg', data: fixture('iphone_hdr_YES.jpg') }], {
      headers,
    }).then(
      (result) => `answered ${result.status}`,
      () => 'connection refused',
    );
    expect(late).toBe('connection refused');

    rest.open();
    const results = await Promise.all(inFlight);
    // On failure the message carries the answer and the api's warnings and errors, which name the cause.
    const apiProblems = () =>
      api
        .output()
        .stdout.split('\n')
        .filter((line) => /"level":(40|50|60)/.test(line))
        .join('\n');
    for (const result of results) {
      expect(result, `${JSON.stringify(result)}\n${apiProblems()}`).toMatchObject({
        status: 201,
        headers: { connection: 'close' },
      });
    }
    expect(await api.exited).toBe(0);
    expect(api.output().stdout + api.output().stderr).not.toMatch(/were cut/);

    const ids = results.map(createdId).filter((id): id is number => id !== undefined);
    expect(new Set(ids).size).toBe(20);
    // Nothing else of this model was stored (not the late upload, nothing half-written).
    const model = await modelRow(helper, slug);
    const rows = await db.db.select({ id: media.id }).from(media).where(eq(media.modelId, model.id));
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect(await spoolFiles(helper.config.storage.localPath)).toEqual([]);
    await until(
      () => db.db.select({ status: media.processingStatus }).from(media).where(inArray(media.id, ids)),
      (statuses) => statuses.length === 20 && statuses.every((row) => row.status === 'ready'),
      240_000,
    );
  }, 360_000);
});

describe('a draining api (in process)', () => {
  const env = { ...isolatedPrefix(), ...isolatedStorage() };
  let helper: Awaited<ReturnType<typeof startApi>>;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    helper = await startApi(env);
    db = createDb(helper.config.database);
  });
  afterAll(async () => {
    await helper?.stop();
    await db?.close();
  });

  it('says draining on /health, answers new requests 503 with Retry-After, and lets the running upload finish', async () => {
    const slug = (await createModel(helper)).slug;
    const { cookie } = await signedInMember(helper, slug, 'editor');
    const api = await startApi({ ...env, SHUTDOWN_TIMEOUT_MS: '120000' });
    const port = Number(new URL(api.url).port);
    const rest = gate();
    const running = slowUpload({
      port,
      slug,
      cookie,
      name: 'running.jpg',
      data: fixture('DSCN0010.jpg'),
      resume: rest.opened,
    });
    await until(
      () => spoolFiles(api.config.storage.localPath),
      (names) => names.length === 1,
      10_000,
    );

    const stopped = api.stop();
    const health = await until(
      () => api.server.inject({ method: 'GET', url: '/health' }),
      (response) => response.statusCode === 503,
      10_000,
    );
    expect(health.json()).toEqual({ status: 'draining' });
    const refusedUpload = await api.server.inject({
      method: 'POST',
      url: `/api/model-media-library/${slug}/upload`,
      headers: { cookie, 'x-p4g-csrf': '1', 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--\r\n',
    });
    expect(refusedUpload.statusCode).toBe(503);
    expect(refusedUpload.headers).toMatchObject({ 'retry-after': '5', connection: 'close' });
    expect(refusedUpload.json()).toMatchObject({
      error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/shutting down/) },
    });
    expect(await refused(api.url)).toBe(true);

    rest.open();
    const result = await running;
    expect(result).toMatchObject({ status: 201, body: { files: [{ status: 'created' }] } });
    await stopped;
    const id = createdId(result) ?? 0;
    expect(await db.db.query.media.findFirst({ where: eq(media.id, id) })).toMatchObject({
      originalFilename: 'running.jpg',
    });
  });

  it('cuts an upload still running at SHUTDOWN_TIMEOUT_MS: no status, nothing of it stored', async () => {
    const slug = (await createModel(helper)).slug;
    const { cookie } = await signedInMember(helper, slug, 'editor');
    const api = await startApi({ ...env, SHUTDOWN_TIMEOUT_MS: '500' });
    const port = Number(new URL(api.url).port);
    const never = gate();
    const stuck = slowUpload({
      port,
      slug,
      cookie,
      name: 'stuck.jpg',
      data: fixture('DSCN0021.jpg'),
      resume: never.opened,
    });
    await until(
      () => spoolFiles(api.config.storage.localPath),
      (names) => names.length === 1,
      10_000,
    );
    await api.stop();
    expect(await stuck).toEqual({ connectionError: expect.any(String) });
    await until(
      () => spoolFiles(api.config.storage.localPath),
      (names) => names.length === 0,
      10_000,
    );
    const model = await modelRow(helper, slug);
    expect(await db.db.select({ id: media.id }).from(media).where(eq(media.modelId, model.id))).toEqual([]);
  });
});

describeNeeding([needBuilt(builtWorker)], 'SIGTERM to a worker in the middle of a job', () => {
  const env = { ...isolatedPrefix(), ...isolatedStorage(), ...takeoverWorkerEnv };
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let child: ChildProcess | undefined;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    api = await startApi(env);
    db = createDb(api.config.database);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('hands the job back after WORKER_GRACEFUL_STOP_MS, exits 0, and the next worker finishes it', async () => {
    const slug = (await createModel(api)).slug;
    const { headers } = await signedInMember(api, slug, 'editor');
    const result = await upload(api.url, slug, [{ name: 'big.jpg', data: await slowJpeg() }], { headers });
    const id = result.body.files?.[0]?.status === 'created' ? result.body.files[0].id : 0;
    expect(id).toBeGreaterThan(0);

    const stopping = spawnBuilt(builtWorker, {
      ...testEnv(env),
      WORKER_GRACEFUL_STOP_MS: '300',
      LOG_LEVEL: 'info',
    });
    child = stopping.child;
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (row) => row?.processingStatus === 'processing',
      30_000,
    );
    const signal = new Promise((resolve) => child?.once('exit', (_code, name) => resolve(name)));
    child.kill('SIGTERM');
    const code = await stopping.exited;
    expect(
      { code, signal: await signal },
      stopping.output().stderr + stopping.output().stdout.slice(-3000),
    ).toEqual({
      code: 0,
      signal: null,
    });
    expect(stopping.output().stdout).toMatch(/handing them back to the queue/);
    expect((await db.db.query.media.findFirst({ where: eq(media.id, id) }))?.processingStatus).toBe(
      'processing',
    );

    worker = await startWorker(env);
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (row) => row?.processingStatus === 'ready',
      90_000,
    );
    const variants = await db.db.select().from(mediaVariants).where(eq(mediaVariants.mediaId, id));
    expect(variants).toHaveLength(10);
  }, 150_000);
});
