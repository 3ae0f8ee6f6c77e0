import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createDb, eq, media } from '@phoenix4ge/db';
import { LOCAL_TEMP_DIR } from '@phoenix4ge/shared/node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  modelRow,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import {
  chunkOf,
  makeChunk,
  withBadCrc,
  withBrokenPixelsAndRightCrc,
  withChunkAfter,
} from './support/png-chunks';
import { storedKeys } from './support/stored-media';
import { fixture, upload } from './support/uploads';

/**
 * Damaged and cut-short files, made from real fixtures: PNG chunk CRCs are checked while the upload streams, and
 * a file whose end is in doubt is refused as cut short only when the decoder cannot read all of it.
 */
describe('upload: PNG checksums and truncation decided by the decoder', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let modelId: number;
  let headers: Record<string, string>;
  let png: Buffer;

  beforeAll(async () => {
    const env = { ...isolatedPrefix(), ...isolatedStorage() };
    api = await startApi(env);
    worker = await startWorker(env);
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    modelId = (await modelRow(api, slug)).id;
    headers = (await signedInMember(api, slug, 'editor')).headers;
    png = await sharp(fixture('blackbug.png')).resize(200).png().toBuffer();
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  const send = (name: string, data: Buffer) => upload(api.url, slug, [{ name, data }], { headers });
  const rowsOfModel = () => db.db.select({ id: media.id }).from(media).where(eq(media.modelId, modelId));
  const spoolFiles = () => readdir(path.join(api.config.storage.localPath, LOCAL_TEMP_DIR)).catch(() => []);
  const processed = (id: number) =>
    until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (row) => row?.processingStatus === 'ready' || row?.processingStatus === 'failed',
      90_000,
    );
  async function createdId(name: string, data: Buffer): Promise<number> {
    const result = await send(name, data);
    const outcome = result.body.files?.[0];
    expect(result.status, JSON.stringify(outcome)).toBe(201);
    return outcome?.status === 'created' ? outcome.id : 0;
  }

  it('refuses a PNG whose IHDR, IDAT or IEND fails its checksum with a 422 in words, keeping nothing', async () => {
    const rowsBefore = (await rowsOfModel()).length;
    const keysBefore = await storedKeys(api.services.storage, `originals/${modelId}/`);
    for (const type of ['IHDR', 'IDAT', 'IEND']) {
      const result = await send(`bad-${type}.png`, withBadCrc(png, type));
      expect(result.status, type).toBe(422);
      expect(result.body.files?.[0], type).toMatchObject({
        status: 'rejected',
        error: {
          code: 'CORRUPT',
          message: expect.stringMatching(
            /^The image file is damaged: a block of its data fails its checksum/,
          ),
        },
      });
    }
    expect((await rowsOfModel()).length).toBe(rowsBefore);
    expect(await storedKeys(api.services.storage, `originals/${modelId}/`)).toEqual(keysBefore);
    expect(await spoolFiles()).toEqual([]);
  });

  it('accepts a PNG whose only bad checksum is in an ancillary chunk (the decoder drops it) and renders it', async () => {
    const text = makeChunk('tEXt', Buffer.from('Comment\0a note the decoder may drop', 'latin1'));
    const damaged = withBadCrc(withChunkAfter(png, 'IHDR', text), 'tEXt');
    const id = await createdId('bad-text.png', damaged);
    expect(await processed(id)).toMatchObject({ processingStatus: 'ready' });
  });

  it('accepts a PNG cut inside its final chunk, or without IEND, when every row decodes, and renders it', async () => {
    const cutInIend = await createdId('cut-iend.png', png.subarray(0, png.length - 6));
    const noIend = await createdId('no-iend.png', png.subarray(0, chunkOf(png, 'IEND').offset));
    for (const id of [cutInIend, noIend]) {
      expect(await processed(id)).toMatchObject({ processingStatus: 'ready' });
    }
  });

  it('refuses a PNG cut inside its pixel data as cut short, keeping nothing', async () => {
    const rowsBefore = (await rowsOfModel()).length;
    const idat = chunkOf(png, 'IDAT');
    const result = await send('cut-idat.png', png.subarray(0, idat.offset + 8 + Math.floor(idat.length / 2)));
    expect(result).toMatchObject({
      status: 422,
      body: { files: [{ status: 'rejected', error: { code: 'TRUNCATED', message: /cut short/ } }] },
    });
    expect((await rowsOfModel()).length).toBe(rowsBefore);
    expect(await spoolFiles()).toEqual([]);
  });

  it('refuses a small JPEG cut short even though its EXIF thumbnail still ends in an end marker', async () => {
    const jpeg = fixture('Canon_40D.jpg');
    const cut = jpeg.subarray(0, jpeg.length - 800);
    expect(cut.includes(Buffer.from([0xff, 0xd9]))).toBe(true);
    const result = await send('cut.jpg', cut);
    expect(result).toMatchObject({
      status: 422,
      body: { files: [{ status: 'rejected', error: { code: 'TRUNCATED' } }] },
    });
  });

  it('accepts a PNG damaged behind right checksums; the worker fails it in words, and again on retry', async () => {
    const id = await createdId('broken-pixels.png', withBrokenPixelsAndRightCrc(png));
    const failed = await processed(id);
    expect(failed).toMatchObject({
      processingStatus: 'failed',
      processingError: expect.stringMatching(/damaged/),
    });
    const client = trpcClient(api.url, headers);
    expect(await client.media.retry.mutate({ modelSlug: slug, id })).toEqual({
      id,
      processingStatus: 'uploaded',
    });
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
      (row) => row?.processingStatus === 'failed',
      90_000,
    );
  });
});
