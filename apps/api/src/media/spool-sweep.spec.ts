import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepSpool } from './spool-sweep';

describe('sweepSpool', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('removes only spool files older than the cutoff', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'p4g-spool-'));
    await writeFile(path.join(dir, 'killed.upload'), 'partial');
    await writeFile(path.join(dir, 'in-flight.upload'), 'partial');
    const anHourAgo = new Date(Date.now() - 3600_000);
    await utimes(path.join(dir, 'killed.upload'), anHourAgo, anHourAgo);

    expect(await sweepSpool(dir, 15 * 60_000)).toBe(1);
    expect(await readdir(dir)).toEqual(['in-flight.upload']);
  });

  it('answers 0 for a spool folder that does not exist yet', async () => {
    dir = path.join(os.tmpdir(), 'p4g-spool-missing-never-made');
    expect(await sweepSpool(dir, 1000)).toBe(0);
  });
});
