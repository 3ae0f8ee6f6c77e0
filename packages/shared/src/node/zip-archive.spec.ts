import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it, vi } from 'vitest';
import { fromBufferPromise } from 'yauzl';
import type { ZipEntry } from './zip-archive';
import { uniqueNames, zipArchive } from './zip-archive';

async function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  const zip = await fromBufferPromise(data, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    files.set(entry.fileName, await buffer(await zip.openReadStreamPromise(entry)));
  }
  return files;
}

describe('uniqueNames', () => {
  it('numbers repeated names before the extension, ignoring case', () => {
    const name = uniqueNames();
    expect(['a.jpg', 'a.jpg', 'A.JPG', 'a (2).jpg', 'b', 'b'].map(name)).toEqual([
      'a.jpg',
      'a (2).jpg',
      'A (3).JPG',
      'a (2) (2).jpg',
      'b',
      'b (2)',
    ]);
  });

  it('keeps names inside the archive', () => {
    const name = uniqueNames();
    expect(['..', '', 'x/y.jpg', 'c:\\z.jpg', '.hidden', 'tab\u0009.jpg'].map(name)).toEqual([
      'unnamed',
      'unnamed (2)',
      'x_y.jpg',
      'c__z.jpg',
      '.hidden',
      'tab.jpg',
    ]);
  });

  it('makes every name an upload may keep one the archive takes (a drive letter is not a path)', async () => {
    const name = uniqueNames();
    const wanted = ['C:photo.jpg', 'd:..', 'a:b.jpg', '..', ' ', 'x\\..\\y.jpg'];
    async function* entries(): AsyncGenerator<ZipEntry> {
      for (const file of wanted) yield { name: name(file), mtime: new Date(0), data: Buffer.from(file) };
    }
    const read = await unzip(await buffer(zipArchive(entries())));
    expect([...read.keys()]).toEqual([
      'C_photo.jpg',
      'd_..',
      'a_b.jpg',
      'unnamed',
      'unnamed (2)',
      'x_.._y.jpg',
    ]);
  });
});

describe('zipArchive', () => {
  const mtime = new Date('2024-05-01T12:00:00Z');

  it('writes every entry with its bytes, files and buffers alike', async () => {
    const files = [randomBytes(70_000), randomBytes(10), Buffer.alloc(0)];
    async function* entries(): AsyncGenerator<ZipEntry> {
      for (const [index, data] of files.entries()) {
        yield { name: `f${index}.bin`, mtime, open: async () => Readable.from([data]) };
      }
      yield { name: 'NOTE.txt', mtime, data: Buffer.from('hello') };
    }
    const read = await unzip(await buffer(zipArchive(entries())));
    expect([...read.keys()]).toEqual(['f0.bin', 'f1.bin', 'f2.bin', 'NOTE.txt']);
    for (const [index, data] of files.entries()) expect(read.get(`f${index}.bin`)?.equals(data)).toBe(true);
    expect(read.get('NOTE.txt')?.toString()).toBe('hello');
  });

  it('asks for entries and opens files only as the archive is read', async () => {
    let pulled = 0;
    const open = vi.fn(async () => Readable.from([randomBytes(64 * 1024)]));
    async function* entries(): AsyncGenerator<ZipEntry> {
      for (let index = 0; index < 200; index += 1) {
        pulled += 1;
        yield { name: `${index}.bin`, mtime, open };
      }
    }
    const output = zipArchive(entries());
    // Nobody reads: the first file fills the stream's buffer, and the list stops a few entries ahead.
    await vi.waitFor(() => expect(pulled).toBeGreaterThan(16));
    expect(open.mock.calls.length).toBeLessThanOrEqual(2);
    expect(pulled).toBeLessThanOrEqual(20);

    const read = await unzip(await buffer(output));
    expect(read.size).toBe(200);
    expect(open).toHaveBeenCalledTimes(200);
  });

  it('stops reading and closes the open file when the stream is closed', async () => {
    const opened: Readable[] = [];
    let finished = false;
    async function* entries(): AsyncGenerator<ZipEntry> {
      try {
        for (let index = 0; index < 1000; index += 1) {
          yield {
            name: `${index}.bin`,
            mtime,
            open: async () => {
              const stream = Readable.from([randomBytes(64 * 1024), randomBytes(64 * 1024)]);
              opened.push(stream);
              return stream;
            },
          };
        }
      } finally {
        finished = true;
      }
    }
    const output = zipArchive(entries());
    await vi.waitFor(() => expect(opened.length).toBe(1));
    output.destroy();
    await vi.waitFor(() => {
      expect(finished).toBe(true);
      expect(opened.every((stream) => stream.destroyed)).toBe(true);
    });
    expect(opened.length).toBe(1);
  });

  it('fails the stream when a file cannot be opened', async () => {
    async function* entries(): AsyncGenerator<ZipEntry> {
      yield { name: 'gone.jpg', mtime, open: () => Promise.reject(new Error('ENOENT: gone.jpg')) };
    }
    await expect(buffer(zipArchive(entries()))).rejects.toThrow('ENOENT: gone.jpg');
  });
});
