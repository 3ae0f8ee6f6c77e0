import type { ChildProcess } from 'node:child_process';
import { createDb, eq, media, mediaVariants } from '@phoenix4ge/db';
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
  until,
} from './support/harness';
import { builtWorker, spawnBuilt } from './support/processes';
import { describeNeeding, needBuilt } from './support/requirements';
import { upload } from './support/uploads';

describeNeeding([needBuilt(builtWorker)], 'a worker killed (kill -9) in the middle of a job', () => {
  const env = {
    ...isolatedPrefix(),
    ...isolatedStorage(),
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

  it('is taken over after a restart and ends with exactly one set of variants', async () => {
    const slug = (await createModel(api)).slug;
    const { headers } = await signedInMember(api, slug, 'editor');
    const big = await slowJpeg();
    const result = await upload(api.url, slug, [{ name: 'big.jpg', data: big }], { headers });
    const id = result.body.files?.[0]?.status === 'created' ? result.body.files[0].id : 0;
    expect(id).toBeGreaterThan(0);

    child = spawnBuilt(builtWorker, testEnv(env)).child;
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (row) => row?.processingStatus === 'processing',
      30_000,
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect((await db.db.query.media.findFirst({ where: eq(media.id, id) }))?.processingStatus).toBe(
      'processing',
    );

    worker = await startWorker(env);
    const done = await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (row) => row?.processingStatus === 'ready',
      60_000,
    );
    expect(done).toMatchObject({ width: 6000, height: 4000 });
    const variants = await db.db.select().from(mediaVariants).where(eq(mediaVariants.mediaId, id));
    expect(variants).toHaveLength(10);
    expect(new Set(variants.map((variant) => variant.storageKey)).size).toBe(10);
    for (const variant of variants)
      expect(await api.services.storage.stat(variant.storageKey)).toMatchObject({ bytes: variant.bytes });
  });
});
