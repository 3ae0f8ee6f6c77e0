import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpoolFileWriter } from './spool-file-writer';

/** Body pieces of uneven sizes, as a socket delivers them; the source fails after `failAfter` pieces if given. */
function pieces(bytes: Buffer, failAfter?: number): Readable {
  let at = 0;
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent === failAfter) {
        this.destroy(new Error('client went away'));
        return;
      }
      if (at >= bytes.length) {
        this.push(null);
        return;
      }
      const size = 1 + Math.floor(Math.random() * 200 * 1024);
      // A copy, as Node's HTTP parser makes: the writer must not keep a reference to it.
      this.push(Buffer.from(bytes.subarray(at, at + size)));
      at += size;
      sent += 1;
    },
  });
}

describe('SpoolFileWriter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'p4g-spool-writer-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes every byte in order, across many staging buffers', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 12345);
    const file = path.join(dir, 'whole.upload');
    await pipeline(pieces(bytes), new SpoolFileWriter(file));
    expect((await readFile(file)).equals(bytes)).toBe(true);
  });

  it('writes an empty stream as an empty file', async () => {
    const file = path.join(dir, 'empty.upload');
    await pipeline(Readable.from([]), new SpoolFileWriter(file));
    expect((await readFile(file)).length).toBe(0);
  });

  it('refuses to overwrite an existing file', async () => {
    const file = path.join(dir, 'taken.upload');
    await pipeline(Readable.from([Buffer.from('first')]), new SpoolFileWriter(file));
    await expect(
      pipeline(Readable.from([Buffer.from('second')]), new SpoolFileWriter(file)),
    ).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(file, 'utf8')).toBe('first');
  });

  it('keeps concurrent uploads apart while failed ones hand their staging buffers on', async () => {
    for (let round = 0; round < 5; round += 1) {
      const uploads = Array.from({ length: 12 }, (_, index) => ({
        bytes: randomBytes(512 * 1024 + index * 7919),
        file: path.join(dir, `round-${round}-${index}.upload`),
        fails: index % 3 === 0,
      }));
      const results = await Promise.allSettled(
        uploads.map((upload) =>
          pipeline(pieces(upload.bytes, upload.fails ? 2 : undefined), new SpoolFileWriter(upload.file)),
        ),
      );
      for (const [index, upload] of uploads.entries()) {
        expect(results[index]?.status, upload.file).toBe(upload.fails ? 'rejected' : 'fulfilled');
        if (!upload.fails) expect((await readFile(upload.file)).equals(upload.bytes), upload.file).toBe(true);
      }
    }
  });
});
