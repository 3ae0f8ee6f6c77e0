import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadInspector } from './upload-inspector';
import { spoolUpload } from './upload-spool';

describe('spoolUpload', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'p4g-spool-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('leaves no file behind when the upload fails while its spool file is still being opened', async () => {
    // Fails at once, many at a time: a pipeline can reject while its write stream is still opening the file.
    const failing = () =>
      new Readable({
        read() {
          this.destroy(new Error('client went away'));
        },
      });
    for (let round = 0; round < 60; round += 1) {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => spoolUpload(failing(), new UploadInspector(1024), dir)),
      );
      expect(results.every((result) => result.status === 'rejected')).toBe(true);
      expect(await readdir(dir), `round ${round}`).toEqual([]);
    }
  });

  it('keeps the file of an upload that arrived whole', async () => {
    const spooled = await spoolUpload(Readable.from([Buffer.from('bytes')]), new UploadInspector(1024), dir);
    expect(await readdir(dir)).toEqual([path.basename(spooled)]);
    await rm(spooled);
  });
});
