/**
 * models.erase (GDPR): after the `model.erase` job no row of any table and no stored object belongs to the model,
 * its public URLs answer 404, another model is untouched, one audit entry without personal data remains, and an
 * upload that was streaming while the model was erased ends refused with nothing left behind.
 */
import { readdir } from 'node:fs/promises';
import { auditLog, createDb, eq, media, modelExports, models, sql } from '@phoenix4ge/db';
import { modelStoragePrefixes } from '@phoenix4ge/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spoolDirectory } from '../src/media/upload-spool';
import {
  createModel,
  isolatedPrefix,
  isolatedStorage,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { storedKeys } from './support/stored-media';
import { fixture, upload } from './support/uploads';

type Api = Awaited<ReturnType<typeof startApi>>;

const codeOf = (error: unknown) => (error as { data?: { code?: string } }).data?.code;

/** Every (table, column) of the schema whose name says it holds a model's or a media's id. */
async function idColumns(database: ReturnType<typeof createDb>) {
  const [rows] = (await database.db.execute(sql`
    select table_name as t, column_name as c from information_schema.columns
    where table_schema = database() and (column_name like '%model%id' or column_name like '%media%id')`)) as unknown as [
    { t: string; c: string }[],
  ];
  return rows;
}

/** A multipart upload whose file arrives in two parts: the second only when `finish()` is called. */
function slowUpload(url: string, headers: Record<string, string>, data: Buffer) {
  const boundary = `----p4g${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const half = Math.floor(data.length / 2);
  let finish: () => void = () => {};
  const released = new Promise<void>((resolve) => (finish = resolve));
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(new Uint8Array(Buffer.concat([head, data.subarray(0, half)])));
      await released;
      controller.enqueue(new Uint8Array(Buffer.concat([data.subarray(half), tail])));
      controller.close();
    },
  });
  const response = fetch(url, {
    method: 'POST',
    headers: { ...headers, 'x-p4g-csrf': '1', 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
  } as RequestInit);
  return { response, finish };
}

describe('GDPR erasure of one model', () => {
  const env = { ...isolatedPrefix(), ...isolatedStorage() };
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let database: ReturnType<typeof createDb>;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  let gone: { id: number; slug: string };
  let kept: { id: number; slug: string };
  const goneMedia: number[] = [];
  let keptMedia: number;

  const row = (id: number) => database.db.query.media.findFirst({ where: eq(media.id, id) });
  async function uploaded(slug: string, headers: Record<string, string>, name: string) {
    const { body } = await upload(api.url, slug, [{ name, data: fixture(name) }], { headers });
    const outcome = body.files?.[0];
    if (outcome?.status !== 'created') throw new Error(`${name}: ${JSON.stringify(body)}`);
    await until(
      () => row(outcome.id),
      (item) => item?.processingStatus === 'ready',
      30_000,
    );
    return outcome.id;
  }

  beforeAll(async () => {
    api = await startApi(env);
    worker = await startWorker({ ...env, MODERATION_PROVIDER: 'manual' });
    database = createDb(api.config.database);
    admin = await signedInAdmin(api);
    gone = await createModel(api);
    kept = await createModel(api);
    const editor = await signedInMember(api, gone.slug, 'editor');
    const client = trpcClient(api.url, { cookie: editor.cookie });
    for (const name of ['Landscape_1.jpg', 'Canon_40D.jpg']) {
      goneMedia.push(await uploaded(gone.slug, editor.headers, name));
    }
    const [first = 0, second = 0] = goneMedia;
    await client.moderation.decide.mutate({ modelSlug: gone.slug, ids: [first], decision: 'approve' });
    const category = await client.categories.create.mutate({ modelSlug: gone.slug, name: 'Editorial' });
    const item = await row(second);
    await client.media.update.mutate({
      modelSlug: gone.slug,
      id: second,
      revision: item?.revision ?? 0,
      categoryId: category.id,
      tags: ['beach', 'summer'],
      caption: 'At the beach',
    });
    await client.edits.apply.mutate({
      modelSlug: gone.slug,
      mediaId: first,
      baseVersion: 0,
      operations: [{ type: 'rotate', angle: 90 }],
    });
    await until(
      () => row(first),
      (found) => found?.currentVersion === 1,
      60_000,
    );
    await client.moderation.decide.mutate({ modelSlug: gone.slug, ids: [first], decision: 'approve' });
    await api.services.apiKeys.create({ name: 'scoped', modelSlug: gone.slug, role: 'viewer' }, null);
    const exported = await admin.client.models.export.mutate({ modelSlug: gone.slug });
    await until(
      () => database.db.query.modelExports.findFirst({ where: eq(modelExports.id, exported.export.id) }),
      (found) => found?.status === 'ready',
      60_000,
    );
    // A forbidden attempt names the model in a security event.
    const outsider = await signedInMember(api, kept.slug, 'viewer');
    await expect(
      trpcClient(api.url, { cookie: outsider.cookie }).models.byId.query({ modelSlug: gone.slug }),
    ).rejects.toSatisfy((error) => codeOf(error) === 'FORBIDDEN');

    const keptEditor = await signedInMember(api, kept.slug, 'editor');
    keptMedia = await uploaded(kept.slug, keptEditor.headers, 'Landscape_1.jpg');
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await database?.close();
    await api?.stop();
  });

  it('refuses a non-admin and a wrong confirmation', async () => {
    const editor = await signedInMember(api, gone.slug, 'editor');
    await expect(
      trpcClient(api.url, { cookie: editor.cookie }).models.erase.mutate({
        modelSlug: gone.slug,
        confirm: gone.slug,
      }),
    ).rejects.toSatisfy((error) => codeOf(error) === 'FORBIDDEN');
    await expect(
      admin.client.models.erase.mutate({ modelSlug: gone.slug, confirm: 'nope' }),
    ).rejects.toSatisfy((error) => codeOf(error) === 'BAD_REQUEST');
    expect(await database.db.query.models.findFirst({ where: eq(models.id, gone.id) })).toMatchObject({
      erasingAt: null,
    });
  });

  it('leaves no row and no stored object of the model, its public URLs 404, another model untouched', async () => {
    const storage = api.services.storage;
    const gallery = await fetch(`${api.url}/api/public/${gone.slug}/gallery`);
    expect(gallery.status).toBe(200);
    const imagePath = (await gallery.text()).match(/\/i\/[A-Za-z0-9_-]{22}\/[a-z0-9]+/)?.[0];
    expect(imagePath).toBeDefined();
    expect((await fetch(`${api.url}${imagePath}`)).status).toBe(200);
    for (const prefix of modelStoragePrefixes(gone.id)) {
      if (!prefix.startsWith('exports'))
        expect((await storedKeys(storage, prefix)).length).toBeGreaterThan(0);
    }
    const keptKeys = (
      await Promise.all(modelStoragePrefixes(kept.id).map((prefix) => storedKeys(storage, prefix)))
    ).flat();
    expect(keptKeys.length).toBeGreaterThan(1);

    // An upload streaming while the model is erased: past the guard, its file half received.
    const editor = await signedInMember(api, gone.slug, 'editor');
    const spool = spoolDirectory(api.config.storage.localPath);
    const before = new Set(await readdir(spool).catch(() => [] as string[]));
    const late = slowUpload(
      `${api.url}/api/model-media-library/${gone.slug}/upload`,
      editor.headers,
      fixture('Landscape_2.jpg'),
    );
    await until(
      async () => (await readdir(spool).catch(() => [] as string[])).filter((name) => !before.has(name)),
      (added) => added.length > 0,
      10_000,
    );

    const started = await admin.client.models.erase.mutate({ modelSlug: gone.slug, confirm: gone.slug });
    expect(started.jobId).toMatch(/^model-erase-/);
    // From the mark on, everything about the model is refused with a clear error.
    await expect(
      trpcClient(api.url, { cookie: editor.cookie }).media.list.query({ modelSlug: gone.slug }),
    ).rejects.toSatisfy((error) => codeOf(error) === 'CONFLICT' || codeOf(error) === 'NOT_FOUND');
    await until(
      () => database.db.query.models.findFirst({ where: eq(models.id, gone.id) }),
      (found) => found === undefined,
      60_000,
    );

    late.finish();
    const refused = await late.response;
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringMatching(/being erased/) },
    });

    // No row anywhere names the model or one of its media.
    const erasure = await database.db.select().from(auditLog).where(eq(auditLog.action, 'model.erased'));
    for (const { t, c } of await idColumns(database)) {
      const [found] = (await database.db.execute(
        sql`select count(*) as n from ${sql.identifier(t)} where ${sql.identifier(c)} in (${sql.join(
          (c.includes('model') ? [gone.id] : goneMedia).map((id) => sql`${id}`),
          sql`, `,
        )})`,
      )) as unknown as [{ n: number }[]];
      expect(Number(found[0]?.n), `${t}.${c}`).toBe(0);
    }
    // Nor in a JSON payload or a free-text target.
    const [named] = (await database.db.execute(sql`
      select (select count(*) from outbox where json_extract(payload, '$.mediaId') in (${sql.join(
        goneMedia.map((id) => sql`${id}`),
        sql`, `,
      )})) as outbox,
      (select count(*) from security_events where details like ${`%${gone.slug}%`}) as security,
      (select count(*) from audit_log where details like ${`%${gone.slug}%`}) as audit,
      (select count(*) from audit_log where target_type = 'media' and target_id in (${sql.join(
        goneMedia.map((id) => sql`${String(id)}`),
        sql`, `,
      )})) as targets`)) as unknown as [Record<string, number>[]];
    expect(Object.values(named[0] ?? {}).map(Number)).toEqual([0, 0, 0, 0]);

    // One audit entry of the erasure, by the admin, with counts and no personal data.
    expect(erasure).toHaveLength(1);
    expect(erasure[0]).toMatchObject({
      actorUserId: admin.admin.id,
      modelId: null,
      details: { modelId: gone.id, media: 2 },
    });
    expect(JSON.stringify(erasure[0])).not.toContain(gone.slug);

    // No stored object under its prefixes, and the late upload left nothing either.
    for (const prefix of modelStoragePrefixes(gone.id)) expect(await storedKeys(storage, prefix)).toEqual([]);
    expect((await readdir(spool).catch(() => [] as string[])).filter((name) => !before.has(name))).toEqual(
      [],
    );

    // Public URLs from before answer 404.
    expect((await fetch(`${api.url}${imagePath}`)).status).toBe(404);
    expect((await fetch(`${api.url}/api/public/${gone.slug}/gallery`)).status).toBe(404);
    expect((await fetch(`${api.url}/api/public/${gone.slug}/categories`)).status).toBe(404);

    // The other model is untouched.
    expect(await row(keptMedia)).toMatchObject({ modelId: kept.id, processingStatus: 'ready' });
    const keptAfter = (
      await Promise.all(modelStoragePrefixes(kept.id).map((prefix) => storedKeys(storage, prefix)))
    ).flat();
    expect(keptAfter.sort()).toEqual(keptKeys.sort());
    expect(await database.db.query.models.findFirst({ where: eq(models.id, kept.id) })).toMatchObject({
      erasingAt: null,
    });
  });

  it('is idempotent: erasing the erased model again is NOT_FOUND and changes nothing', async () => {
    await expect(
      admin.client.models.erase.mutate({ modelSlug: gone.slug, confirm: gone.slug }),
    ).rejects.toSatisfy((error) => codeOf(error) === 'NOT_FOUND');
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'model.erased'))).toHaveLength(
      1,
    );
  });
});
