import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import {
  createDb,
  createMediaRepository,
  createVariantsRepository,
  eq,
  inArray,
  media,
  mediaMetadata,
  mediaVariants,
  purgeMedia,
} from '@phoenix4ge/db';
import type { MediaSelectionSchema } from '@phoenix4ge/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  createModel,
  freshDatabase,
  isolatedPrefix,
  isolatedStorage,
  signedInAdmin,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { seedMedia } from './support/library-seed';
import { publicImageProbe } from './support/public-urls';
import { purgeJobs } from './support/purge-jobs';
import { dateStoredFile, insertStoredMedia, storedKeys } from './support/stored-media';
import { fixture, upload } from './support/uploads';

type Api = Awaited<ReturnType<typeof startApi>>;
type Client = ReturnType<typeof trpcClient>;
type MediaSelectionInput = z.input<typeof MediaSelectionSchema>;

const DAY = 86_400_000;

/**
 * The trash and its purge, against a real worker, in a database and storage of their own (the purge deletes
 * across models, and the storage listing must see only this file's items).
 */
describe('trash and purge', () => {
  let env: Record<string, string>;
  let dropDatabase: () => Promise<void>;
  let api: Api;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let db: ReturnType<typeof createDb>;
  let purges: ReturnType<typeof purgeJobs>;
  let admin: Client;
  let adminCookie: string;
  let editor: Client;
  let editorHeaders: Record<string, string>;
  let slug: string;
  let modelId: number;

  async function uploadReady(name: string, file: string): Promise<number> {
    const result = await upload(api.url, slug, [{ name, data: fixture(file) }], { headers: editorHeaders });
    const outcome = result.body.files?.[0];
    if (outcome?.status !== 'created') throw new Error(`${file}: ${JSON.stringify(result.body)}`);
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, outcome.id) }),
      (row) => row?.processingStatus === 'ready',
      120_000,
    );
    return outcome.id;
  }

  /** Every key in storage, and every key a row (media or variant) uses: equal when nothing is orphaned. */
  async function storageAndRows() {
    const stored = [
      ...(await storedKeys(api.services.storage, 'originals')),
      ...(await storedKeys(api.services.storage, 'variants')),
    ].sort();
    const originals = await db.db.selectDistinct({ key: media.storageKey }).from(media);
    const variants = await db.db.select({ key: mediaVariants.storageKey }).from(mediaVariants);
    const used = [...originals, ...variants].map((row) => row.key).sort();
    return { stored, used };
  }

  /**
   * Puts items in the trash since `at`, as if it had happened then: `deleted_at` set back, and their originals
   * dated a day before (they were stored at upload, before the trash).
   */
  async function trashSince(ids: number[], at: Date) {
    await db.db.update(media).set({ deletedAt: at }).where(inArray(media.id, ids));
    for (const row of await rowsOf(ids)) {
      await dateStoredFile(api.services.storage, row.storageKey, new Date(at.getTime() - DAY));
    }
  }
  const rowsOf = (ids: number[]) => db.db.select().from(media).where(inArray(media.id, ids));

  beforeAll(async () => {
    const fresh = await freshDatabase();
    dropDatabase = fresh.drop;
    env = {
      ...fresh.env,
      ...isolatedPrefix(),
      ...isolatedStorage(),
      MODERATION_PROVIDER: 'manual',
      WORKER_CONCURRENCY: '2',
    };
    api = await startApi(env);
    worker = await startWorker(env);
    db = createDb(api.config.database);
    purges = purgeJobs(api.config.redis);
    const signedIn = await signedInAdmin(api);
    admin = signedIn.client;
    adminCookie = signedIn.cookie;
    const model = await createModel(api);
    slug = model.slug;
    modelId = model.id;
    const member = await signedInMember(api, slug, 'editor');
    editorHeaders = member.headers;
    editor = trpcClient(api.url, { cookie: member.cookie });
  }, 120_000);

  afterAll(async () => {
    await purges?.close();
    await worker?.stop();
    await api?.stop();
    await db?.close();
    await dropDatabase?.();
  });

  it('takes trashed items out of the library, the moderation queue and the public site at once; restore brings them back', async () => {
    const approved = await uploadReady('approved.jpg', 'Kodak_CX7530.jpg');
    const pending = await uploadReady('pending.jpg', 'Canon_40D.jpg');
    await editor.moderation.decide.mutate({ modelSlug: slug, ids: [approved], decision: 'approve' });
    const [variant] = await db.db.select().from(mediaVariants).where(eq(mediaVariants.mediaId, approved));
    const memberUrl = `${api.url}/media/${variant?.storageKey}`;
    // What the public site gets: the item's /i/ URLs (support/public-urls.ts).
    const publicStatuses = publicImageProbe(api.url, db.db);

    const library = async () =>
      (await editor.media.list.query({ modelSlug: slug, limit: 200 })).items.map((item) => item.id);
    const trash = async () =>
      (await editor.media.list.query({ modelSlug: slug, trash: true, limit: 200 })).items.map(
        (item) => item.id,
      );
    const queue = async () =>
      (await editor.moderation.queue.query({ modelSlug: slug })).items.map((item) => item.id);

    expect(await library()).toEqual(expect.arrayContaining([approved, pending]));
    expect(await queue()).toContain(pending);
    expect(new Set(await publicStatuses(approved))).toEqual(new Set([200]));

    const trashed = await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: [approved, pending] },
      action: { type: 'trash' },
    });
    expect(trashed).toEqual({ status: 'done', count: 2 });
    expect(await library()).not.toEqual(expect.arrayContaining([approved]));
    expect(await library()).not.toContain(pending);
    expect(await trash()).toEqual(expect.arrayContaining([approved, pending]));
    expect(await queue()).not.toContain(pending);
    expect(new Set(await publicStatuses(approved))).toEqual(new Set([404]));
    expect((await fetch(memberUrl)).status).toBe(404);
    // Members still see what is in the trash (the trash view shows its thumbnails).
    expect((await fetch(memberUrl, { headers: { cookie: adminCookie } })).status).toBe(200);

    const restored = await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { filter: { trash: true }, except: [] },
      action: { type: 'restore' },
    });
    expect(restored).toEqual({ status: 'done', count: 2 });
    expect(await library()).toEqual(expect.arrayContaining([approved, pending]));
    expect(await trash()).toEqual([]);
    expect(await queue()).toContain(pending);
    // Public again, under a new token; the URLs handed out before the trash stay dead.
    expect((await publicStatuses(approved)).filter((status) => status === 200)).toHaveLength(5);
    expect((await publicStatuses(approved)).filter((status) => status === 404)).toHaveLength(5);
  });

  it('purges what has been in the trash past TRASH_RETENTION_DAYS: rows, variants and files, nothing orphaned', async () => {
    const old = [
      await uploadReady('old-1.jpg', 'Pentax_K10D.jpg'),
      await uploadReady('old-2.png', 'basn6a16.png'),
    ];
    const recent = await uploadReady('recent.jpg', 'Nikon_D70.jpg');
    const kept = await uploadReady('kept.jpg', 'concert.jpg');
    const oldRows = await rowsOf(old);
    const oldVariants = await db.db.select().from(mediaVariants).where(inArray(mediaVariants.mediaId, old));
    expect(oldVariants.length).toBeGreaterThan(0);
    await editor.media.bulk.mutate({
      modelSlug: slug,
      selection: { ids: [...old, recent] },
      action: { type: 'trash' },
    });
    await trashSince(old, new Date(Date.now() - 31 * DAY));
    await trashSince([recent], new Date(Date.now() - 29 * DAY));

    const { result } = await purges.run();
    expect(result.purged).toBe(2);

    expect(await rowsOf(old)).toEqual([]);
    expect(await db.db.select().from(mediaVariants).where(inArray(mediaVariants.mediaId, old))).toEqual([]);
    expect(await db.db.select().from(mediaMetadata).where(inArray(mediaMetadata.mediaId, old))).toEqual([]);
    for (const key of [
      ...oldRows.map((row) => row.storageKey),
      ...oldVariants.map((row) => row.storageKey),
    ]) {
      expect(await api.services.storage.stat(key), key).toBeUndefined();
    }
    expect((await rowsOf([recent, kept])).map((row) => row.id).sort()).toEqual([recent, kept].sort());
    const { stored, used } = await storageAndRows();
    expect(stored).toEqual(used);

    // Run again: nothing left to do, nothing fails.
    expect((await purges.run()).result.purged).toBe(0);
  });

  it('keeps an original another row still uses, and deletes it with the last row', async () => {
    const data = randomBytes(4000);
    const first = await insertStoredMedia(db, api.services.storage, modelId, {
      filename: 'shared.jpg',
      data,
      presets: ['thumb'],
    });
    // A second row stored under the same content address (what an import or an edit that keeps the original
    // makes): its own sha256 column, the same storage key.
    const [second] = await db.db
      .insert(media)
      .values({
        modelId,
        originalFilename: 'shared-copy.jpg',
        mimeType: 'image/jpeg',
        bytes: data.length,
        sha256: randomBytes(32).toString('hex'),
        storageKey: first.key,
      })
      .$returningId();
    const secondId = second?.id ?? 0;

    await trashSince([first.id], new Date(Date.now() - 40 * DAY));
    await purges.run();
    expect(await rowsOf([first.id])).toEqual([]);
    expect(await api.services.storage.stat(first.variantKeys[0] ?? '')).toBeUndefined();
    expect((await buffer(await api.services.storage.get(first.key))).equals(data)).toBe(true);

    await trashSince([secondId], new Date(Date.now() - 40 * DAY));
    await purges.run();
    expect(await rowsOf([secondId])).toEqual([]);
    expect(await api.services.storage.stat(first.key)).toBeUndefined();
    const { stored, used } = await storageAndRows();
    expect(stored).toEqual(used);
  });

  it('keeps an original uploaded again while the purge deletes its old row', async () => {
    const file = fixture('32-lens_data.jpeg');
    const old = await uploadReady('again.jpg', '32-lens_data.jpeg');
    const [row] = await rowsOf([old]);
    const key = row?.storageKey ?? '';
    await editor.media.bulk.mutate({ modelSlug: slug, selection: { ids: [old] }, action: { type: 'trash' } });
    await trashSince([old], new Date(Date.now() - 31 * DAY));

    // The purge's unit of work, with the same content uploaded again right after the old row is deleted (the
    // upload finds no row for it, stores the file under the same key and inserts a new row).
    const repositories = { media: createMediaRepository(db.db), variants: createVariantsRepository(db.db) };
    let again: number | undefined;
    const racing = {
      ...repositories,
      media: {
        ...repositories.media,
        async deleteRows(ids: number[], trashedBefore?: Date) {
          const deleted = await repositories.media.deleteRows(ids, trashedBefore);
          const result = await upload(api.url, slug, [{ name: 'again.jpg', data: file }], {
            headers: editorHeaders,
          });
          const outcome = result.body.files?.[0];
          if (outcome?.status !== 'created') throw new Error(JSON.stringify(result.body));
          again = outcome.id;
          return deleted;
        },
      },
    };
    const cutoff = new Date(Date.now() - 30 * DAY);
    expect(
      await purgeMedia({ repositories: racing, storage: api.services.storage }, undefined, [old], {
        onlyTrashedBefore: cutoff,
      }),
    ).toBe(1);
    const [newRow] = await rowsOf([again ?? 0]);
    expect(newRow?.storageKey).toBe(key);
    expect((await buffer(await api.services.storage.get(key))).equals(file)).toBe(true);
    await until(
      () => db.db.query.media.findFirst({ where: eq(media.id, again ?? 0) }),
      (item) => item?.processingStatus === 'ready',
      60_000,
    );
  });

  it('keeps an original stored again by an upload whose row is not committed yet when the purge looks', async () => {
    const data = randomBytes(3000);
    const item = await insertStoredMedia(db, api.services.storage, modelId, { data });
    await trashSince([item.id], new Date(Date.now() - 31 * DAY));
    const repositories = { media: createMediaRepository(db.db), variants: createVariantsRepository(db.db) };
    const racing = {
      ...repositories,
      media: {
        ...repositories.media,
        // The upload of the same content has stored its file; its row commits a moment later.
        async knownOriginalKeys(keys: string[]) {
          const known = await repositories.media.knownOriginalKeys(keys);
          await api.services.storage.put(item.key, data);
          return known;
        },
      },
    };
    expect(
      await purgeMedia({ repositories: racing, storage: api.services.storage }, undefined, [item.id], {
        onlyTrashedBefore: new Date(Date.now() - 30 * DAY),
      }),
    ).toBe(1);
    expect((await buffer(await api.services.storage.get(item.key))).equals(data)).toBe(true);
    // The upload's row commits.
    const again = await insertStoredMedia(db, api.services.storage, modelId, { data });
    expect(again.key).toBe(item.key);
    const { stored, used } = await storageAndRows();
    expect(stored).toEqual(used);
  });

  it('runs two purges at once: both complete, each item is purged once, nothing is left', async () => {
    const total = 1200;
    const withFiles = 40;
    const ids: number[] = [];
    const longAgo = new Date(Date.now() - 60 * DAY);
    for (let index = 0; index < withFiles; index += 1) {
      const item = await insertStoredMedia(db, api.services.storage, modelId, {
        data: randomBytes(2000),
        deletedAt: longAgo,
        presets: ['thumb', 'md'],
      });
      ids.push(item.id);
    }
    const bare = await seedMedia(
      db,
      modelId,
      Array.from({ length: total - withFiles }, (_, index) => ({
        originalFilename: `bare-${index}.jpg`,
        deletedAt: longAgo,
      })),
    );

    const [one, two] = await Promise.all([purges.run(), purges.run()]);
    expect((one?.result.purged ?? 0) + (two?.result.purged ?? 0)).toBe(total);
    const jobs = await Promise.all([one, two].map((run) => purges.job(run?.jobId ?? '')));
    for (const job of jobs) expect(job?.stacktrace ?? [], 'no failed attempt').toEqual([]);
    // They did run at once: each started before the other finished.
    const [first, second] = jobs;
    expect(first?.processedOn ?? 0).toBeLessThan(second?.finishedOn ?? 0);
    expect(second?.processedOn ?? 0).toBeLessThan(first?.finishedOn ?? 0);
    expect(await rowsOf(ids)).toEqual([]);
    expect(await rowsOf(bare)).toEqual([]);
    const { stored, used } = await storageAndRows();
    expect(stored).toEqual(used);
  });

  describe('delete forever and empty trash are for admins', () => {
    it('answers FORBIDDEN to an editor and changes nothing', async () => {
      const items = [
        await insertStoredMedia(db, api.services.storage, modelId, {
          data: randomBytes(100),
          presets: ['thumb'],
        }),
        await insertStoredMedia(db, api.services.storage, modelId, {
          data: randomBytes(100),
          presets: ['thumb'],
        }),
      ];
      await editor.media.bulk.mutate({
        modelSlug: slug,
        selection: { ids: [items[1]?.id ?? 0] },
        action: { type: 'trash' },
      });
      const ids = items.map((item) => item.id);
      const before = await rowsOf(ids);
      const attempts: MediaSelectionInput[] = [
        { ids },
        { filter: { trash: true }, except: [] },
        { filter: {} },
      ];
      // An editor, and an admin API key of this model only (not an admin of the deployment).
      const scopedAdminKey = await api.services.apiKeys.create(
        { name: 'model admin', modelSlug: slug, role: 'admin' },
        null,
      );
      const callers = [editor, trpcClient(api.url, { apiKey: scopedAdminKey.key })];
      for (const caller of callers) {
        for (const selection of attempts) {
          await expect(
            caller.media.bulk.mutate({ modelSlug: slug, selection, action: { type: 'delete' } }),
          ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
        }
      }
      expect(await rowsOf(ids)).toEqual(before);
      for (const key of items.flatMap((item) => [item.key, ...item.variantKeys])) {
        expect(await api.services.storage.stat(key), key).toBeDefined();
      }

      // An admin may: the trash is emptied (inline, a small one), files and all.
      const emptied = await admin.media.bulk.mutate({
        modelSlug: slug,
        selection: { filter: { trash: true }, except: [] },
        action: { type: 'delete' },
      });
      expect(emptied).toMatchObject({ status: 'done' });
      expect((await rowsOf(ids)).map((row) => row.id)).toEqual([ids[0]]);
      for (const key of [items[1]?.key ?? '', ...(items[1]?.variantKeys ?? [])]) {
        expect(await api.services.storage.stat(key), key).toBeUndefined();
      }
      const { stored, used } = await storageAndRows();
      expect(stored).toEqual(used);
    });
  });
});
