import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageDriver } from '../src/node/storage';
import { createLocalStorage, createS3Storage } from '../src/node/storage';
import { originalKey, variantKey } from '../src/storage-keys';
import { startS3rver } from '../src/testing/s3rver';

const sha = 'ab'.repeat(32);

/** The same contract for every driver. */
function contract(
  name: string,
  make: () => Promise<{ driver: StorageDriver; spoolDir: string; stop(): Promise<void> }>,
) {
  describe(`${name} storage driver`, () => {
    let driver: StorageDriver;
    let spoolDir: string;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      ({ driver, spoolDir, stop } = await make());
    });
    afterAll(async () => {
      await stop?.();
    });

    it('stores a spooled file under a content-addressed key and removes the spool', async () => {
      await mkdir(spoolDir, { recursive: true });
      const spool = path.join(spoolDir, 'upload.part');
      await writeFile(spool, 'original bytes');
      const key = originalKey(7, sha, 'jpg');
      expect(key).toBe(`originals/7/ab/${sha}.jpg`);
      const info = await driver.putFile(key, spool, { contentType: 'image/jpeg' });
      expect(info).toMatchObject({ key, bytes: 14 });
      expect(existsSync(spool)).toBe(false);
      expect(await text(await driver.get(key))).toBe('original bytes');
    });

    it('stores buffers and streams, reads ranges, stats, lists and deletes', async () => {
      const key = variantKey(7, 42, 1, 'md', 'webp');
      await driver.put(key, Buffer.from('0123456789'));
      const streamed = variantKey(7, 42, 1, 'sm', 'webp');
      await driver.put(streamed, Readable.from([Buffer.from('abc'), Buffer.from('def')]));
      expect(await text(await driver.get(streamed))).toBe('abcdef');
      expect(await text(await driver.get(key, { start: 2, end: 4 }))).toBe('234');
      expect(await driver.stat(key)).toMatchObject({ key, bytes: 10 });
      expect(await driver.stat('variants/7/42/1/none.webp')).toBeUndefined();
      const listed: string[] = [];
      for await (const object of driver.list('variants/7/42/')) listed.push(object.key);
      expect(listed.sort()).toEqual([streamed, key].sort());
      await driver.delete(key);
      await driver.delete(key);
      expect(await driver.stat(key)).toBeUndefined();
    });

    it('leaves nothing under the key when the source stream fails midway', async () => {
      const key = variantKey(7, 43, 1, 'lg', 'jpeg');
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1024, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(driver.put(key, failing)).rejects.toThrow();
      expect(await driver.stat(key)).toBeUndefined();
    });

    it('stores several buffers at once, each under its key', async () => {
      const objects = (['thumb', 'sm', 'md'] as const).flatMap((preset) =>
        (['webp', 'jpeg'] as const).map((format) => ({
          key: variantKey(7, 44, 2, preset, format),
          body: Buffer.from(`${preset}.${format}`),
          contentType: format === 'webp' ? 'image/webp' : 'image/jpeg',
        })),
      );
      await driver.putAll(objects);
      for (const object of objects) {
        expect(await text(await driver.get(object.key))).toBe(object.body.toString());
      }
      await driver.putAll([]);
    });

    it('refuses keys that could escape the storage root', async () => {
      await expect(driver.putAll([{ key: '../etc/passwd', body: Buffer.from('x') }])).rejects.toThrow(
        /Invalid storage key/,
      );
      await expect(driver.put('../etc/passwd', Buffer.from('x'))).rejects.toThrow(/Invalid storage key/);
      await expect(driver.get('/abs/path')).rejects.toThrow(/Invalid storage key/);
    });
  });
}

contract('local', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'p4g-local-storage-'));
  const driver = createLocalStorage(root);
  return {
    driver,
    spoolDir: driver.tempDir,
    async stop() {
      await rm(root, { recursive: true, force: true });
    },
  };
});

contract('s3 (s3rver)', async () => {
  const s3 = await startS3rver();
  const spoolDir = await mkdtemp(path.join(os.tmpdir(), 'p4g-spool-'));
  return {
    driver: createS3Storage(s3.config),
    spoolDir,
    async stop() {
      await s3.stop();
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
});

describe('local driver details', () => {
  it('writes 0644 files, creates folders recursively and leaves no temp file behind', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'p4g-local-storage-'));
    try {
      const driver = createLocalStorage(root);
      const key = variantKey(1, 2, 3, 'thumb', 'webp');
      await driver.put(key, Buffer.from('x'));
      expect((await stat(driver.pathOf(key))).mode & 0o777).toBe(0o644);
      expect(await readdir(driver.tempDir)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('stores nothing of a putAll whose files cannot all be written, and leaves no temp file behind', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'p4g-local-storage-'));
    try {
      const driver = createLocalStorage(root);
      const good = variantKey(1, 5, 1, 'sm', 'webp');
      // A folder where the second file's folder should be: its rename fails after the first file's temp was written.
      const blocked = variantKey(1, 6, 1, 'sm', 'webp');
      await mkdir(path.dirname(path.dirname(driver.pathOf(blocked))), { recursive: true });
      await writeFile(path.dirname(driver.pathOf(blocked)), 'not a folder');
      await expect(
        driver.putAll([
          { key: good, body: Buffer.from('a') },
          { key: blocked, body: Buffer.from('b') },
        ]),
      ).rejects.toThrow();
      expect(await readdir(driver.tempDir)).toEqual([]);
      expect(existsSync(driver.pathOf(blocked))).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
