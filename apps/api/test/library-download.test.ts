import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createDb, eq, inArray, media, mediaVariants } from '@phoenix4ge/db';
import { preferredVariant } from '@phoenix4ge/shared';
import { createRedis } from '@phoenix4ge/shared/node';
import { startS3rver } from '@phoenix4ge/shared/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { insertStoredMedia } from './support/stored-media';
import { fixture, upload } from './support/uploads';
import { unzip } from './support/zip';

type Api = Awaited<ReturnType<typeof startApi>>;
type Client = ReturnType<typeof trpcClient>;

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('ZIP downloads of a selection', () => {
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let redis: ReturnType<typeof createRedis>;
  let slugA: string;
  let slugB: string;
  let modelAId: number;
  let viewer: { cookie: string; client: Client };
  let editor: { cookie: string; headers: Record<string, string> };
  let admin: { cookie: string; client: Client };
  /** Uploaded to A in this order, under these names: [name, fixture]. */
  const uploads: [string, string][] = [
    ['photo.jpg', 'Kodak_CX7530.jpg'],
    ['photo.jpg', 'Canon_40D.jpg'],
    ['PHOTO.JPG', 'Pentax_K10D.jpg'],
    ['shot.png', 'basn6a16.png'],
    ['shot.jpg', 'Nikon_D70.jpg'],
  ];
  const idsA: number[] = [];
  let unprocessed: { id: number; data: Buffer };
  let idOfB: number;

  const get = (url: string, cookie?: string, signal?: AbortSignal) =>
    fetch(`${api.url}${url}`, { headers: cookie ? { cookie } : {}, signal });
  const downloadKeys = () => redis.keys(`${api.config.redis.keyPrefix}:download:*`);

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker(prefix);
    db = createDb(api.config.database);
    redis = createRedis(api.config.redis, 'command', 'download-test');
    slugA = (await createModel(api)).slug;
    slugB = (await createModel(api)).slug;
    const viewerMember = await signedInMember(api, slugA, 'viewer');
    viewer = { cookie: viewerMember.cookie, client: trpcClient(api.url, { cookie: viewerMember.cookie }) };
    editor = await signedInMember(api, slugA, 'editor');
    admin = await signedInAdmin(api);
    for (const [name, file] of uploads) {
      const result = await upload(api.url, slugA, [{ name, data: fixture(file) }], {
        headers: editor.headers,
      });
      const outcome = result.body.files?.[0];
      if (outcome?.status !== 'created')
        throw new Error(`${file} not created: ${JSON.stringify(result.body)}`);
      idsA.push(outcome.id);
    }
    const [first] = await db.db
      .select()
      .from(media)
      .where(eq(media.id, idsA[0] ?? 0));
    modelAId = first?.modelId ?? 0;
    // Never processed: it has its original but no variant.
    const data = randomBytes(5000);
    unprocessed = {
      id: (await insertStoredMedia(db, api.services.storage, modelAId, { filename: 'unprocessed.jpg', data }))
        .id,
      data,
    };
    idsA.push(unprocessed.id);
    const inB = await upload(api.url, slugB, [{ name: 'b.jpg', data: fixture('Canon_40D.jpg') }], {
      headers: { cookie: admin.cookie },
    });
    const outcomeB = inB.body.files?.[0];
    if (outcomeB?.status !== 'created') throw new Error('upload to B failed');
    idOfB = outcomeB.id;
    await until(
      () =>
        db.db
          .select()
          .from(media)
          .where(inArray(media.id, idsA.slice(0, uploads.length))),
      (rows) => rows.every((row) => row.processingStatus === 'ready'),
      120_000,
    );
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
    redis?.disconnect();
  });

  it('streams the originals, byte for byte, under unique names', async () => {
    const prepared = await viewer.client.media.prepareDownload.mutate({
      modelSlug: slugA,
      selection: { ids: idsA },
    });
    expect(prepared).toMatchObject({
      count: idsA.length,
      url: `/api/model-media-library/${slugA}/download/${prepared.token}`,
    });
    const response = await get(prepared.url, viewer.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${slugA}-originals-${idsA.length}.zip"`,
    );
    const files = await unzip(Buffer.from(await response.arrayBuffer()));
    expect([...files.keys()]).toEqual([
      'photo.jpg',
      'photo (2).jpg',
      'PHOTO (3).JPG',
      'shot.png',
      'shot.jpg',
      'unprocessed.jpg',
    ]);
    const rows = await db.db.select().from(media).where(inArray(media.id, idsA));
    for (const [index, name] of [...files.keys()].entries()) {
      const row = rows.find((candidate) => candidate.id === idsA[index]);
      const stored = await buffer(await api.services.storage.get(row?.storageKey ?? ''));
      expect(files.get(name)?.equals(stored), name).toBe(true);
      const source = uploads[index]?.[1];
      expect(sha(files.get(name) ?? Buffer.alloc(0))).toBe(sha(source ? fixture(source) : unprocessed.data));
    }
  });

  it('streams one preset’s files, listing the items without one in MISSING.txt', async () => {
    const prepared = await viewer.client.media.prepareDownload.mutate({
      modelSlug: slugA,
      selection: { filter: {}, except: [] },
      kind: 'md',
    });
    expect(prepared.count).toBe(idsA.length);
    const response = await get(prepared.url, viewer.cookie);
    expect(response.headers.get('content-disposition')).toContain(`${slugA}-md-${idsA.length}.zip`);
    const files = await unzip(Buffer.from(await response.arrayBuffer()));
    expect([...files.keys()]).toEqual([
      'photo.webp',
      'photo (2).webp',
      'PHOTO (3).webp',
      'shot.webp',
      'shot (2).webp',
      'MISSING.txt',
    ]);
    const variants = await db.db.select().from(mediaVariants).where(inArray(mediaVariants.mediaId, idsA));
    for (const [index, name] of [...files.keys()].slice(0, uploads.length).entries()) {
      const file = preferredVariant(
        variants.filter((variant) => variant.mediaId === idsA[index]),
        'md',
      );
      expect(file?.format).toBe('webp');
      const stored = await buffer(await api.services.storage.get(file?.storageKey ?? ''));
      expect(files.get(name)?.equals(stored), name).toBe(true);
    }
    const missing = files.get('MISSING.txt')?.toString() ?? '';
    expect(missing).toContain(`#${unprocessed.id} unprocessed.jpg: no md file`);
    expect(missing.trim().split('\n')).toHaveLength(2);
  });

  it('is audited as a mutation, without the token', async () => {
    const prepared = await viewer.client.media.prepareDownload.mutate({
      modelSlug: slugA,
      selection: { ids: [idsA[0] ?? 0] },
      kind: 'thumb',
    });
    const log = await api.services.audit.list({
      modelSlug: slugA,
      action: 'media.prepareDownload',
      limit: 50,
    });
    const entry = log.items.find(
      (item) => (item.details as { count?: number; kind?: string })?.kind === 'thumb',
    );
    expect(entry).toMatchObject({ targetType: 'media', details: { kind: 'thumb', count: 1 } });
    expect(JSON.stringify(entry)).not.toContain(prepared.token);
  });

  it('refuses a selection naming another model’s media, and stores nothing', async () => {
    const before = (await downloadKeys()).length;
    await expect(
      viewer.client.media.prepareDownload.mutate({
        modelSlug: slugA,
        selection: { ids: [idsA[0] ?? 0, idOfB] },
      }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    await expect(
      viewer.client.media.prepareDownload.mutate({
        modelSlug: slugA,
        selection: { filter: {}, except: [idOfB] },
      }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    // A member of A that is not a member of B cannot even name B.
    await expect(
      viewer.client.media.prepareDownload.mutate({ modelSlug: slugB, selection: { ids: [idOfB] } }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    expect((await downloadKeys()).length).toBe(before);
  });

  it('answers 404 for an expired or made-up token and 403 for someone else’s', async () => {
    const prepared = await viewer.client.media.prepareDownload.mutate({
      modelSlug: slugA,
      selection: { ids: [idsA[0] ?? 0] },
    });
    const key = `${api.config.redis.keyPrefix}:download:${prepared.token}`;
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);

    // Someone else, member of the same model; an admin; anonymous.
    expect((await get(prepared.url, editor.cookie)).status).toBe(403);
    expect((await get(prepared.url, admin.cookie)).status).toBe(403);
    expect((await get(prepared.url)).status).toBe(401);
    // The same caller under another model's URL (the admin may see both models).
    const mine = await admin.client.media.prepareDownload.mutate({
      modelSlug: slugA,
      selection: { ids: [idsA[0] ?? 0] },
    });
    const elsewhere = await get(mine.url.replace(slugA, slugB), admin.cookie);
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await get(mine.url, admin.cookie)).status).toBe(200);

    expect(
      (await get(`/api/model-media-library/${slugA}/download/${'x'.repeat(32)}`, viewer.cookie)).status,
    ).toBe(404);
    expect((await get(`/api/model-media-library/${slugA}/download/nope`, viewer.cookie)).status).toBe(404);
    // It can be fetched again until it expires (a browser may retry), then it is gone.
    expect((await get(prepared.url, viewer.cookie)).status).toBe(200);
    await redis.pexpire(key, 1);
    await until(
      async () => (await get(prepared.url, viewer.cookie)).status,
      (status) => status === 404,
      5000,
    );
  });

  describe('a large selection', () => {
    const count = 48;
    const size = 1024 * 1024;
    /** How far the server may read ahead of what the client has received (socket and stream buffers). */
    const readAhead = 16 * size;
    let slugC: string;
    let big: { id: number; data: Buffer }[];
    let opened: Readable[];

    beforeAll(async () => {
      const model = await createModel(api);
      slugC = model.slug;
      big = [];
      for (let index = 0; index < count; index += 1) {
        const data = randomBytes(size);
        const { id } = await insertStoredMedia(db, api.services.storage, model.id, {
          filename: 'big.jpg',
          data,
        });
        big.push({ id, data });
      }
    }, 60_000);

    function watchReads() {
      opened = [];
      const storage = api.services.storage;
      const read = storage.get.bind(storage);
      return vi.spyOn(storage, 'get').mockImplementation(async (key, range) => {
        const stream = await read(key, range);
        opened.push(stream);
        return stream;
      });
    }

    it('streams as it reads: the first bytes arrive before the last file is opened', async () => {
      const spy = watchReads();
      try {
        const prepared = await admin.client.media.prepareDownload.mutate({
          modelSlug: slugC,
          selection: { filter: {}, except: [] },
        });
        expect(prepared.count).toBe(count);
        const response = await get(prepared.url, admin.cookie);
        const reader = response.body?.getReader();
        if (!reader) throw new Error('no body');
        const chunks: Buffer[] = [];
        let received = 0;
        let openedAtFirstBytes = -1;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (openedAtFirstBytes < 0) openedAtFirstBytes = opened.length;
          received += value.length;
          chunks.push(Buffer.from(value));
          // Every file opened before the one being read now was read in full by the server: it never runs more
          // than the buffers between it and the client ahead of what the client has received.
          expect(Math.max(0, opened.length - 1) * size).toBeLessThanOrEqual(received + readAhead);
        }
        // The first entry's header goes out before its file is even opened.
        expect(openedAtFirstBytes).toBeGreaterThanOrEqual(0);
        expect(openedAtFirstBytes).toBeLessThan(count);
        expect(opened).toHaveLength(count);

        const files = await unzip(Buffer.concat(chunks));
        expect(files.size).toBe(count);
        const names = [...files.keys()];
        expect(names.slice(0, 3)).toEqual(['big.jpg', 'big (2).jpg', 'big (3).jpg']);
        for (const [index, name] of names.entries()) {
          expect(sha(files.get(name) ?? Buffer.alloc(0))).toBe(sha(big[index]?.data ?? Buffer.alloc(0)));
        }
      } finally {
        spy.mockRestore();
      }
    });

    it('answers a HEAD request without writing the archive', async () => {
      const spy = watchReads();
      const service = api.services.download;
      const open = service.open.bind(service);
      let archives = 0;
      const openSpy = vi.spyOn(service, 'open').mockImplementation(async (...args) => {
        const download = await open(...args);
        return {
          ...download,
          archive: () => {
            archives += 1;
            return download.archive();
          },
        };
      });
      try {
        const prepared = await admin.client.media.prepareDownload.mutate({
          modelSlug: slugC,
          selection: { filter: {}, except: [] },
        });
        const response = await fetch(`${api.url}${prepared.url}`, {
          method: 'HEAD',
          headers: { cookie: admin.cookie },
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/zip');
        expect(response.headers.get('content-disposition')).toContain('.zip');
        expect(openSpy).toHaveBeenCalledTimes(1);
        expect(archives).toBe(0);
        expect(opened).toEqual([]);
      } finally {
        openSpy.mockRestore();
        spy.mockRestore();
      }
    });

    it('stops reading and closes its file when the client goes away', async () => {
      const spy = watchReads();
      try {
        const prepared = await admin.client.media.prepareDownload.mutate({
          modelSlug: slugC,
          selection: { filter: {}, except: [] },
        });
        const abort = new AbortController();
        const response = await get(prepared.url, admin.cookie, abort.signal);
        const reader = response.body?.getReader();
        await reader?.read();
        abort.abort();
        await vi.waitFor(() => {
          expect(opened.length).toBeGreaterThan(0);
          expect(opened.every((stream) => stream.destroyed)).toBe(true);
        });
        expect(opened.length).toBeLessThan(count);
      } finally {
        spy.mockRestore();
      }
    });
  });
});

describe('ZIP downloads from S3 storage', () => {
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let api: Api;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    s3 = await startS3rver();
    api = await startApi({ ...isolatedPrefix(), ...s3.env });
    db = createDb(api.config.database);
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
    await s3?.stop();
  });

  it('streams the originals read through the S3 driver', async () => {
    const model = await createModel(api);
    const { client, cookie } = await signedInAdmin(api);
    const files = [randomBytes(3 * 1024 * 1024), randomBytes(10), randomBytes(700_000)];
    const ids: number[] = [];
    for (const data of files) {
      ids.push(
        (await insertStoredMedia(db, api.services.storage, model.id, { filename: 's3.jpg', data })).id,
      );
    }
    const prepared = await client.media.prepareDownload.mutate({ modelSlug: model.slug, selection: { ids } });
    const response = await fetch(`${api.url}${prepared.url}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const read = await unzip(Buffer.from(await response.arrayBuffer()));
    expect([...read.keys()]).toEqual(['s3.jpg', 's3 (2).jpg', 's3 (3).jpg']);
    for (const [index, name] of [...read.keys()].entries()) {
      expect(read.get(name)?.equals(files[index] ?? Buffer.alloc(0)), name).toBe(true);
    }
  });
});
