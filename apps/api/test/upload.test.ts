import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createDb, eq, media, outbox } from '@phoenix4ge/db';
import { LOCAL_TEMP_DIR } from '@phoenix4ge/shared/node';
import { startS3rver } from '@phoenix4ge/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  isolatedPrefix,
  modelRow,
  signedInMember,
  startApi,
  startWorker,
  trpcClient,
  until,
} from './support/harness';
import { fixture, readManifest, upload } from './support/uploads';

const manifest = readManifest();
/** What an uploader must never read: the decoder's internals (`VipsJpeg: premature end ...`) or a raw code. */
const decoderInternals =
  /[Vv]ips|\b(jpeg|png|gif|webp|heif|tiff|magick)load|libpng|libjpeg|\b[A-Z]+_[A-Z_]+\b|\bCORRUPT\b/;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

for (const driver of ['local', 's3'] as const) {
  describe(`uploading every fixture of MANIFEST.tsv (${driver} storage)`, () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    let worker: Awaited<ReturnType<typeof startWorker>>;
    let s3: Awaited<ReturnType<typeof startS3rver>> | undefined;
    let db: ReturnType<typeof createDb>;
    let headers: Record<string, string>;
    let slug: string;

    beforeAll(async () => {
      s3 = driver === 's3' ? await startS3rver() : undefined;
      const env = { ...isolatedPrefix(), ...(s3?.env ?? {}) };
      api = await startApi(env);
      worker = await startWorker(env);
      db = createDb(api.config.database);
      slug = (await createModel(api)).slug;
      headers = (await signedInMember(api, slug, 'editor')).headers;
    });
    afterAll(async () => {
      await worker?.stop();
      await api?.stop();
      await db?.close();
      await s3?.stop();
    });

    it('answers each file as the manifest expects, with no 5xx', { timeout: 240_000 }, async () => {
      const results: Record<string, { status: number; code?: string; id?: number }> = {};
      for (const row of manifest) {
        const { status, body } = await upload(api.url, slug, [{ name: row.file, data: fixture(row.file) }], {
          headers,
        });
        const outcome = body.files?.[0];
        results[row.file] = {
          status,
          code: outcome?.status === 'rejected' ? outcome.error.code : undefined,
          id: outcome && outcome.status !== 'rejected' ? outcome.id : undefined,
        };
        expect(status, row.file).toBeLessThan(500);
        expect(body.files, row.file).toHaveLength(1);
        if (outcome?.status === 'rejected') {
          expect(outcome.error.message.length, row.file).toBeGreaterThan(10);
          expect(outcome.error.message, row.file).not.toMatch(decoderInternals);
        }
      }
      for (const row of manifest) {
        const result = results[row.file];
        if (row.expected.startsWith('accept')) expect(result, row.file).toMatchObject({ status: 201 });
        else if (row.expected === 'reject-type')
          expect(result, row.file).toMatchObject({ status: 415, code: 'UNSUPPORTED_TYPE' });
        else if (row.expected === 'needs-hevc')
          expect(result, row.file).toMatchObject({ status: 415, code: 'UNSUPPORTED_HEVC' });
        else if (row.expected === 'reject-corrupt') expect([201, 422], row.file).toContain(result?.status);
        else throw new Error(`unknown expectation ${row.expected}`);
      }

      // Accepted files are stored by content, with the detected type; corrupt ones that got in end up failed.
      for (const row of manifest.filter((r) => results[r.file]?.status === 201)) {
        const stored = await db.db.query.media.findFirst({ where: eq(media.id, results[row.file]?.id ?? 0) });
        expect(stored?.sha256, row.file).toBe(row.sha256);
        expect(stored?.bytes, row.file).toBe(row.bytes);
        expect(stored?.storageKey, row.file).toMatch(
          new RegExp(
            `^originals/\\d+/${row.sha256.slice(0, 2)}/${row.sha256}\\.(jpg|png|gif|webp|avif|tif)$`,
          ),
        );
        expect(await api.services.storage.stat(stored?.storageKey ?? ''), row.file).toMatchObject({
          bytes: row.bytes,
        });
      }
      const slipped = manifest.filter(
        (r) => r.expected === 'reject-corrupt' && results[r.file]?.status === 201,
      );
      for (const row of slipped) {
        const id = results[row.file]?.id ?? 0;
        const final = await until(
          () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
          (found) => found?.processingStatus === 'failed',
          90_000,
        );
        expect(final?.processingError, row.file).toMatch(/damaged|cut short|cannot read/);
        expect(final?.processingError, row.file).not.toMatch(decoderInternals);
      }
      // A failed item can be retried; it fails again with the same reason (the file is what it is).
      const [firstSlipped] = slipped;
      if (firstSlipped) {
        const retryId = results[firstSlipped.file]?.id ?? 0;
        const client = trpcClient(api.url, headers);
        expect(await client.media.retry.mutate({ modelSlug: slug, id: retryId })).toEqual({
          id: retryId,
          processingStatus: 'uploaded',
        });
        await until(
          () => db.db.query.media.findFirst({ where: eq(media.id, retryId) }),
          (found) => found?.processingStatus === 'failed',
          90_000,
        );
      }
      // Every accepted good file is processed by the worker.
      const accepted = manifest.filter((r) => r.expected.startsWith('accept'));
      for (const row of accepted) {
        const id = results[row.file]?.id ?? 0;
        const done = await until(
          () => db.db.query.media.findFirst({ where: eq(media.id, id) }),
          (found) => found?.processingStatus === 'ready' || found?.processingStatus === 'failed',
          90_000,
        );
        expect(done?.processingStatus, `${row.file}: ${done?.processingError}`).toBe('ready');
      }
      // Nothing of a rejected file is left: no spool file, no row, no stored original.
      if (driver === 'local') {
        expect(await filesUnder(path.join(api.config.storage.localPath, LOCAL_TEMP_DIR))).toEqual([]);
      }
      const rows = await db.db
        .select({ id: media.id })
        .from(media)
        .where(eq(media.modelId, (await modelRow(api, slug)).id));
      expect(rows).toHaveLength(Object.values(results).filter((r) => r.status === 201).length);
      const sent = await db.db.select().from(outbox).where(eq(outbox.status, 'pending'));
      expect(
        sent.filter(
          (row) =>
            row.topic === 'media.process' &&
            rows.some((r) => (row.payload as { mediaId: number }).mediaId === r.id),
        ),
      ).toEqual([]);
    });

    it('answers a second upload of the same content as a duplicate with the existing id', async () => {
      const data = fixture('Canon_40D.jpg');
      const first = await upload(api.url, slug, [{ name: 'again.jpg', data }], { headers });
      expect(first.status).toBe(200);
      const outcome = first.body.files?.[0];
      expect(outcome).toMatchObject({
        status: 'duplicate',
        name: 'again.jpg',
        media: { originalFilename: 'Canon_40D.jpg' },
      });
    });
  });
}
