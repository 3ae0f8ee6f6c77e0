import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange, ObjectInfo, StorageDriver } from './driver';
import { assertValidKey } from './driver';

/** The largest single read of a ranged `get` (a whole variant, as a rule). */
const READ_CHUNK_BYTES = 512 * 1024;

/** Temporary files live under the storage root so the final rename stays on one file system (atomic). */
export const LOCAL_TEMP_DIR = '.tmp';

async function fsyncDir(dir: string) {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Local file system driver: write to `<root>/.tmp/<uuid>`, fsync, rename into place, fsync the folder.
 * Folders are created recursively (the seed's ENOENT issue), files are 0644.
 */
export function createLocalStorage(
  root: string,
): StorageDriver & { root: string; tempDir: string; pathOf(key: string): string } {
  const tempDir = path.join(root, LOCAL_TEMP_DIR);
  const pathOf = (key: string) => {
    assertValidKey(key);
    return path.join(root, key);
  };

  async function moveIntoPlace(tempPath: string, key: string): Promise<ObjectInfo> {
    const target = pathOf(key);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    // The object's time is when it was stored under its key (as S3's LastModified), not when its bytes were spooled.
    const now = new Date();
    await utimes(tempPath, now, now);
    await rename(tempPath, target);
    await fsyncDir(path.dirname(target));
    const info = await stat(target);
    return { key, bytes: info.size, modifiedAt: info.mtime };
  }

  async function writeTemp(body: Buffer | Readable): Promise<string> {
    const tempPath = path.join(tempDir, `${randomUUID()}.part`);
    const handle = await open(tempPath, 'wx', 0o644).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(tempDir, { recursive: true, mode: 0o755 });
      return open(tempPath, 'wx', 0o644);
    });
    try {
      if (Buffer.isBuffer(body)) await handle.writeFile(body);
      else for await (const chunk of body) await handle.write(chunk as Buffer);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(tempPath).catch(() => undefined);
      throw error;
    }
    await handle.close();
    return tempPath;
  }

  async function* walk(dir: string, relative: string): AsyncGenerator<ObjectInfo> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const key = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) yield* walk(full, key);
      else if (entry.isFile()) {
        const info = await stat(full);
        yield { key, bytes: info.size, modifiedAt: info.mtime };
      }
    }
  }

  return {
    name: 'local',
    root,
    tempDir,
    pathOf,
    localPath: pathOf,

    async putFile(key, filePath) {
      if (path.dirname(filePath) === tempDir) return moveIntoPlace(filePath, key);
      // A spool on another file system: copy into the temp folder first so the final step is still a rename.
      await mkdir(tempDir, { recursive: true, mode: 0o755 });
      const tempPath = path.join(tempDir, `${randomUUID()}.part`);
      await copyFile(filePath, tempPath);
      const handle = await open(tempPath, 'r+');
      await handle.sync().finally(() => handle.close());
      const info = await moveIntoPlace(tempPath, key);
      await rm(filePath, { force: true });
      return info;
    },

    async put(key, body) {
      pathOf(key);
      return moveIntoPlace(await writeTemp(body), key);
    },

    // Each file written and fsynced, then renamed into place, then each folder fsynced once: a version's ten
    // variant files cost one folder sync instead of ten, and no per-file utimes, mkdir or stat (about half the
    // CPU of ten `put`s, BENCHMARKS.md, pipeline).
    async putAll(objects) {
      const targets = objects.map((object) => pathOf(object.key));
      const written = await Promise.allSettled(objects.map((object) => writeTemp(object.body)));
      const temps = written.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const failed = written.find((outcome) => outcome.status === 'rejected');
      if (failed) {
        await Promise.all(temps.map((temp) => unlink(temp).catch(() => undefined)));
        throw failed.reason;
      }
      const folders = new Set<string>();
      try {
        for (const [index, temp] of temps.entries()) {
          const target = targets[index] ?? '';
          const folder = path.dirname(target);
          if (!folders.has(folder)) await mkdir(folder, { recursive: true, mode: 0o755 });
          folders.add(folder);
          await rename(temp, target);
        }
      } catch (error) {
        await Promise.all(temps.map((temp) => unlink(temp).catch(() => undefined)));
        throw error;
      }
      await Promise.all([...folders].map(fsyncDir));
    },

    async get(key, range?: ByteRange) {
      // Opened here, so a missing file rejects now (not as a stream error) and the stream does not open it again.
      const handle = await open(pathOf(key), 'r');
      if (!range) return handle.createReadStream();
      // A known range is read in one go up to READ_CHUNK_BYTES, and not past its end: a 100 KB variant costs one
      // read instead of two plus the one that finds the end of the file.
      const length = range.end - range.start + 1;
      return handle.createReadStream({
        start: range.start,
        end: range.end,
        highWaterMark: Math.max(1, Math.min(length, READ_CHUNK_BYTES)),
      });
    },

    async stat(key) {
      try {
        const info = await stat(pathOf(key));
        return { key, bytes: info.size, modifiedAt: info.mtime };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    async delete(key) {
      await unlink(pathOf(key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },

    list(prefix) {
      const clean = prefix.replace(/\/+$/, '');
      if (clean) assertValidKey(clean);
      return walk(path.join(root, clean), clean);
    },
  };
}
