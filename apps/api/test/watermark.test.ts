import { createDb, eq, media, mediaVariants } from '@phoenix4ge/db';
import type { ModelSettings } from '@phoenix4ge/shared';
import { defaultModelSettings } from '@phoenix4ge/shared';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, isolatedPrefix, signedInAdmin, startApi, startWorker, until } from './support/harness';
import { fixture, upload } from './support/uploads';

type Api = Awaited<ReturnType<typeof startApi>>;
type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

const photo = 'DSCN0010.jpg';

describe('watermarks on the large variants', () => {
  const prefix = isolatedPrefix();
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let admin: Admin;

  async function uploadReady(slug: string, name: string, data: Buffer): Promise<number> {
    const { body } = await upload(api.url, slug, [{ name, data }], { headers: { cookie: admin.cookie } });
    const outcome = body.files?.[0];
    if (!outcome || outcome.status === 'rejected') throw new Error(`${name} not accepted`);
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, outcome.id) }),
      (row) => row?.processingStatus === 'ready',
      60_000,
    );
    return outcome.id;
  }

  async function variant(id: number, preset: string): Promise<Buffer> {
    const rows = await db.db.select().from(mediaVariants).where(eq(mediaVariants.mediaId, id));
    const row = rows.find((candidate) => candidate.preset === preset && candidate.format === 'jpeg');
    if (!row) throw new Error(`media ${id} has no ${preset}.jpeg`);
    const chunks: Buffer[] = [];
    for await (const chunk of await api.services.storage.get(row.storageKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Mean RGB of a corner: a fifth of the width, a tenth of the height (inside either watermark). */
  async function corner(data: Buffer, where: 'top-left' | 'bottom-right') {
    const { width = 0, height = 0 } = await sharp(data).metadata();
    const w = Math.round(width / 5);
    const h = Math.round(height / 10);
    const region = {
      left: where === 'top-left' ? 0 : width - w,
      top: where === 'top-left' ? 0 : height - h,
      width: w,
      height: h,
    };
    // stats() reads its input, not the pipeline's output: cut the corner out first.
    const cut = await sharp(data).extract(region).removeAlpha().png().toBuffer();
    const { channels } = await sharp(cut).stats();
    return channels.map((channel) => channel.mean);
  }
  const distance = (a: number[], b: number[]) =>
    Math.max(...a.map((value, i) => Math.abs(value - (b[i] ?? 0))));

  async function setWatermark(slug: string, watermark: Partial<ModelSettings['watermark']>) {
    await admin.client.models.update.mutate({
      modelSlug: slug,
      settings: { ...defaultModelSettings, watermark: { ...defaultModelSettings.watermark, ...watermark } },
    });
  }

  let plainId: number;
  let textId: number;
  let pictureId: number;
  let pictureSlug: string;

  beforeAll(async () => {
    api = await startApi(prefix);
    worker = await startWorker(prefix);
    db = createDb(api.config.database);
    admin = await signedInAdmin(api);

    const plain = (await createModel(api)).slug;
    const text = (await createModel(api)).slug;
    await setWatermark(text, { enabled: true, text: 'PHOENIX4GE', position: 'bottom-right', opacity: 1 });
    pictureSlug = (await createModel(api)).slug;
    const logo = await sharp({
      create: { width: 200, height: 200, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } },
    })
      .png()
      .toBuffer();
    const logoId = await uploadReady(pictureSlug, 'logo.png', logo);
    await setWatermark(pictureSlug, {
      enabled: true,
      imageMediaId: logoId,
      position: 'top-left',
      opacity: 1,
    });

    [plainId, textId, pictureId] = await Promise.all([
      uploadReady(plain, photo, fixture(photo)),
      uploadReady(text, photo, fixture(photo)),
      uploadReady(pictureSlug, photo, fixture(photo)),
    ]);
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.close();
  });

  it('draws the text in the chosen corner of lg and xl only', async () => {
    for (const preset of ['lg', 'xl']) {
      const plain = await variant(plainId, preset);
      const marked = await variant(textId, preset);
      expect(
        distance(await corner(marked, 'bottom-right'), await corner(plain, 'bottom-right')),
        preset,
      ).toBeGreaterThan(3);
      expect(
        distance(await corner(marked, 'top-left'), await corner(plain, 'top-left')),
        preset,
      ).toBeLessThan(1);
    }
    for (const preset of ['thumb', 'sm', 'md']) {
      const plain = await variant(plainId, preset);
      const marked = await variant(textId, preset);
      expect(
        distance(await corner(marked, 'bottom-right'), await corner(plain, 'bottom-right')),
        preset,
      ).toBeLessThan(1);
    }
  });

  it('draws the model’s own picture instead of text when one is set', async () => {
    const lg = await variant(pictureId, 'lg');
    const [red = 0, green = 255, blue = 255] = await corner(lg, 'top-left');
    expect(red).toBeGreaterThan(200);
    expect(green).toBeLessThan(60);
    expect(blue).toBeLessThan(60);
    const plain = await variant(plainId, 'lg');
    expect(distance(await corner(lg, 'bottom-right'), await corner(plain, 'bottom-right'))).toBeLessThan(1);
  });

  it('refuses a watermark picture from another model’s library', async () => {
    const other = await createModel(api);
    await expect(setWatermark(other.slug, { enabled: true, imageMediaId: pictureId })).rejects.toThrow(
      /must be an item of this model/,
    );
  });
});
