import { and, createDb, eq, media, mediaMetadata, mediaOperations, mediaVariants } from '@phoenix4ge/db';
import { JobName, mediaProcessJobId } from '@phoenix4ge/shared';
import { bullPrefix, createRedis, JobProducer, redisOptions } from '@phoenix4ge/shared/node';
import { QueueEvents } from 'bullmq';
import ExifReader from 'exifreader';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, isolatedPrefix, signedInMember, startApi, startWorker, until } from './support/harness';
import { fixture, upload } from './support/uploads';

type Api = Awaited<ReturnType<typeof startApi>>;

describe('processing real photos: upright, stripped, complete', () => {
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let slug: string;
  let headers: Record<string, string>;
  const ids = new Map<string, number>();

  async function uploadAll(names: string[]) {
    for (const name of names) {
      const result = await upload(api.url, slug, [{ name, data: fixture(name) }], { headers });
      const outcome = result.body.files?.[0];
      if (!outcome || outcome.status === 'rejected') throw new Error(`${name} not accepted`);
      ids.set(name, outcome.id);
    }
    for (const name of names) {
      await until(
        () => db.db.query.media.findFirst({ where: eq(media.id, ids.get(name) ?? 0) }),
        (row) => row?.processingStatus === 'ready' || row?.processingStatus === 'failed',
        120_000,
      );
    }
  }

  async function variantBytes(name: string, preset: string, format: string): Promise<Buffer> {
    const rows = await db.db
      .select()
      .from(mediaVariants)
      .where(eq(mediaVariants.mediaId, ids.get(name) ?? 0));
    const row = rows.find((candidate) => candidate.preset === preset && candidate.format === format);
    if (!row) throw new Error(`${name} has no ${preset}.${format}`);
    const stream = await api.services.storage.get(row.storageKey);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** 16×16 greyscale of an image, for comparing what is shown. */
  async function look(data: Buffer) {
    return sharp(data).resize(16, 16, { fit: 'fill' }).greyscale().raw().toBuffer();
  }
  const difference = (a: Buffer, b: Buffer) =>
    a.reduce((sum, value, index) => sum + Math.abs(value - (b[index] ?? 0)), 0) / a.length;

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker(prefix);
    db = createDb(api.config.database);
    slug = (await createModel(api)).slug;
    headers = (await signedInMember(api, slug, 'editor')).headers;
    const orientations = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [`Landscape_${n}.jpg`, `Portrait_${n}.jpg`]);
    await uploadAll([
      ...orientations,
      'Nikon_Coolpix_P7000.webp',
      'DSCN0010.jpg',
      'Channel_digital_image_CMYK_color.jpg',
      'rotating-squares.gif',
      'basn6a16.png',
      'Sony_alpha_a58.JPG',
      'Kodak_CX7530.jpg',
      'iphone_hdr_YES.jpg',
    ]);
  }, 240_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('applies all eight EXIF orientations: every variant looks like the upright reference', async () => {
    for (const shape of ['Landscape', 'Portrait']) {
      const reference = await look(await variantBytes(`${shape}_1.jpg`, 'md', 'jpeg'));
      for (let n = 1; n <= 8; n += 1) {
        const name = `${shape}_${n}.jpg`;
        const row = await db.db.query.media.findFirst({ where: eq(media.id, ids.get(name) ?? 0) });
        expect(row?.processingStatus, name).toBe('ready');
        expect(shape === 'Landscape' ? [row?.width, row?.height] : [row?.height, row?.width], name).toEqual([
          1800, 1200,
        ]);
        for (const format of ['jpeg', 'webp']) {
          const shown = await look(await variantBytes(name, 'md', format));
          expect(difference(shown, reference), `${name} ${format}`).toBeLessThan(12);
        }
      }
    }
    const webp = await db.db.query.media.findFirst({
      where: eq(media.id, ids.get('Nikon_Coolpix_P7000.webp') ?? 0),
    });
    expect((webp?.height ?? 0) > (webp?.width ?? 0)).toBe(true);
  });

  /** GPS decimal degrees ExifReader finds in a file (undefined when there are none). */
  const gpsIn = (data: Buffer) => {
    try {
      return ExifReader.load(data, { expanded: true, includeTags: { exif: true, gps: true } }).gps?.Latitude;
    } catch {
      return undefined;
    }
  };
  async function storedExif(name: string) {
    const [row] = await db.db
      .select()
      .from(mediaMetadata)
      .where(eq(mediaMetadata.mediaId, ids.get(name) ?? 0));
    return row;
  }

  it('strips EXIF, GPS and XMP from every variant, while keeping the metadata for the owner', async () => {
    // The reader finds GPS in the original, so its finding none in a variant means the variant has none.
    expect(gpsIn(fixture('DSCN0010.jpg'))).toBeCloseTo(43.467, 2);
    const rows = await db.db
      .select()
      .from(mediaVariants)
      .where(eq(mediaVariants.mediaId, ids.get('DSCN0010.jpg') ?? 0));
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row.format))).toEqual(new Set(['jpeg', 'webp']));
    for (const row of rows) {
      const data = await variantBytes('DSCN0010.jpg', row.preset, row.format);
      const meta = await sharp(data).metadata();
      expect(meta.exif, row.storageKey).toBeUndefined();
      expect(meta.xmp, row.storageKey).toBeUndefined();
      expect(gpsIn(data), row.storageKey).toBeUndefined();
    }
    const metadata = await storedExif('DSCN0010.jpg');
    expect(metadata?.exifData).toMatchObject({ camera: { make: 'NIKON', model: 'COOLPIX P6000' } });
    expect(metadata?.exifData?.gps?.latitude).toBeCloseTo(43.467, 2);
    expect(metadata?.exifData?.gps?.longitude).toBeCloseTo(11.885, 2);
    expect(metadata?.basicInfo).toMatchObject({ format: 'jpeg', width: 640, height: 480 });
    expect(metadata?.colorData).toMatchObject({ dominant: expect.stringMatching(/^#[0-9a-f]{6}$/) });
  });

  it('keeps GPS (signed for south and west) and camera data for every original that carries them', async () => {
    const kodak = (await storedExif('Kodak_CX7530.jpg'))?.exifData;
    expect(kodak?.gps?.latitude).toBeCloseTo(-0.3713, 3);
    expect(kodak?.gps?.longitude).toBeCloseTo(36.0564, 3);
    const iphone = (await storedExif('iphone_hdr_YES.jpg'))?.exifData;
    expect(iphone).toMatchObject({ camera: { make: 'Apple', model: 'iPhone 6' } });
    expect(iphone?.gps?.latitude).toBeCloseTo(40.447, 3);
    expect(iphone?.gps?.longitude).toBeCloseTo(-3.7248, 3);
    // EXIF in a WebP sits after the image data: the detail panel must still show the camera.
    expect((await storedExif('Nikon_Coolpix_P7000.webp'))?.exifData).toMatchObject({
      camera: { make: 'NIKON', model: 'COOLPIX P7000' },
      fNumber: 4.5,
      iso: 100,
      orientation: 6,
    });
    expect((await storedExif('Sony_alpha_a58.JPG'))?.exifData).toMatchObject({
      camera: { make: 'SONY', model: 'SLT-A58' },
      lens: '70-300mm F4-5.6 SSM',
    });
  });

  it('makes the full variant set: thumb 256² cover, widths 400/800/1200/1920 never enlarged, in WebP and JPEG', async () => {
    const rows = await db.db
      .select()
      .from(mediaVariants)
      .where(eq(mediaVariants.mediaId, ids.get('Landscape_1.jpg') ?? 0));
    const sizes = Object.fromEntries(
      rows.map((row) => [`${row.preset}.${row.format}`, [row.width, row.height]]),
    );
    expect(sizes).toEqual({
      'thumb.webp': [256, 256],
      'thumb.jpeg': [256, 256],
      'sm.webp': [400, 267],
      'sm.jpeg': [400, 267],
      'md.webp': [800, 533],
      'md.jpeg': [800, 533],
      'lg.webp': [1200, 800],
      'lg.jpeg': [1200, 800],
      'xl.webp': [1800, 1200],
      'xl.jpeg': [1800, 1200],
    });
    const jpeg = await sharp(await variantBytes('Landscape_1.jpg', 'lg', 'jpeg')).metadata();
    expect(jpeg).toMatchObject({ format: 'jpeg', isProgressive: true, space: 'srgb' });
    const row = await db.db.query.media.findFirst({ where: eq(media.id, ids.get('Landscape_1.jpg') ?? 0) });
    expect(row?.placeholder).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(row?.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(row?.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('converts CMYK and 16-bit inputs to 8-bit sRGB, keeps alpha in WebP and animation in animated WebP', async () => {
    const cmyk = await sharp(
      await variantBytes('Channel_digital_image_CMYK_color.jpg', 'md', 'jpeg'),
    ).metadata();
    expect(cmyk).toMatchObject({ space: 'srgb', channels: 3 });
    const png = await sharp(await variantBytes('basn6a16.png', 'sm', 'webp')).metadata();
    expect(png).toMatchObject({ hasAlpha: true, depth: 'uchar' });
    const animated = await sharp(await variantBytes('rotating-squares.gif', 'sm', 'webp'), {
      animated: true,
    }).metadata();
    expect(animated.pages).toBeGreaterThan(1);
    const still = await sharp(await variantBytes('rotating-squares.gif', 'sm', 'jpeg')).metadata();
    expect(still.pages ?? 1).toBe(1);
    const tiny = await db.db
      .select()
      .from(mediaVariants)
      .where(eq(mediaVariants.mediaId, ids.get('Sony_alpha_a58.JPG') ?? 0));
    expect(tiny.filter((row) => row.preset !== 'thumb').every((row) => row.width === 10)).toBe(true);
  });

  it('does nothing when the job runs again after its commit (a worker killed before BullMQ recorded it)', async () => {
    const id = ids.get('Portrait_6.jpg') ?? 0;
    const before = await db.db.select().from(mediaVariants).where(eq(mediaVariants.mediaId, id));
    const runs = () =>
      db.db
        .select({ status: mediaOperations.status })
        .from(mediaOperations)
        .where(and(eq(mediaOperations.mediaId, id), eq(mediaOperations.operation, 'process')));
    expect(await runs()).toEqual([{ status: 'succeeded' }]);
    let result: unknown;
    const redis = createRedis(api.config.redis, 'blocking', 'rerun-test');
    const producer = new JobProducer(redis, api.config.redis.keyPrefix);
    const events = new QueueEvents('media', {
      connection: redisOptions(api.config.redis, 'blocking', 'rerun-test-events'),
      prefix: bullPrefix(api.config.redis.keyPrefix),
    });
    try {
      await events.waitUntilReady();
      const job = await producer.enqueue(
        JobName.MediaProcess,
        { mediaId: id, version: 0 },
        { jobId: `${mediaProcessJobId(id, 0)}-again` },
      );
      result = await job.waitUntilFinished(events, 30_000);
    } finally {
      await events.close();
      await producer.close();
      redis.disconnect();
    }
    expect(result).toMatchObject({ mediaId: id, status: 'skipped' });
    expect(await runs()).toEqual([{ status: 'succeeded' }]);
    const after = await db.db.select().from(mediaVariants).where(eq(mediaVariants.mediaId, id));
    expect(after).toHaveLength(before.length);
    expect(after.map((row) => row.storageKey).sort()).toEqual(before.map((row) => row.storageKey).sort());
  });
});
