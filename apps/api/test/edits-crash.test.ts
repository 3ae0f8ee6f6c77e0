import type { ChildProcess } from 'node:child_process';
import { and, createDb, eq, media, mediaEdits, mediaOperations, mediaVariants } from '@phoenix4ge/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { slowJpeg, takeoverWorkerEnv } from './support/crash';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  signedInMember,
  startApi,
  startWorker,
  testEnv,
  trpcClient,
  until,
} from './support/harness';
import { builtWorker, spawnBuilt } from './support/processes';
import { describeNeeding, needBuilt } from './support/requirements';
import { upload } from './support/uploads';

describeNeeding([needBuilt(builtWorker)], 'a worker killed (kill -9) while it renders an edit', () => {
  const env = {
    ...isolatedPrefix(),
    ...isolatedStorage(),
    MODERATION_PROVIDER: 'manual',
    ...takeoverWorkerEnv,
  };
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

  it('leaves the current version untouched, then completes after a restart with one set of variants', async () => {
    const slug = (await createModel(api)).slug;
    const editor = await signedInMember(api, slug, 'editor');
    const big = await slowJpeg();
    const result = await upload(api.url, slug, [{ name: 'big.jpg', data: big }], { headers: editor.headers });
    const id = result.body.files?.[0]?.status === 'created' ? result.body.files[0].id : 0;
    expect(id).toBeGreaterThan(0);
    const row = () => db.db.query.media.findFirst({ where: eq(media.id, id) });
    const variantsOf = (version: number) =>
      db.db
        .select()
        .from(mediaVariants)
        .where(and(eq(mediaVariants.mediaId, id), eq(mediaVariants.version, version)));

    child = spawnBuilt(builtWorker, testEnv(env)).child;
    await until(row, (item) => item?.processingStatus === 'ready', 60_000);
    const original = await variantsOf(0);

    const client = trpcClient(api.url, { cookie: editor.cookie });
    const saved = await client.edits.apply.mutate({
      modelSlug: slug,
      mediaId: id,
      baseVersion: 0,
      operations: [
        { type: 'rotate', angle: 7 },
        { type: 'sharpen', amount: 60 },
      ],
    });
    await until(
      () => db.db.query.mediaOperations.findFirst({ where: eq(mediaOperations.id, saved.operationId) }),
      (operation) => operation?.status === 'running',
      30_000,
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect(await row()).toMatchObject({ currentVersion: 0 });
    expect(await variantsOf(0)).toEqual(original);

    worker = await startWorker(env);
    const done = await until(row, (item) => item?.currentVersion === 1, 90_000);
    expect(done?.width).toBeLessThan(6000);
    const edit = await db.db.query.mediaEdits.findFirst({
      where: and(eq(mediaEdits.mediaId, id), eq(mediaEdits.version, 1)),
    });
    expect(edit?.status).toBe('ready');
    const files = await variantsOf(1);
    expect(files).toHaveLength(original.length);
    expect(new Set(files.map((file) => file.storageKey)).size).toBe(files.length);
    for (const file of files)
      expect(await api.services.storage.stat(file.storageKey)).toMatchObject({ bytes: file.bytes });
    expect(await variantsOf(0)).toHaveLength(original.length);
  });
});
