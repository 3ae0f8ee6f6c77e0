import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORKER_NODE_FLAGS } from './node-flags';

const fromRoot = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');

// The launchers that spell the flags out instead of importing them (PM2's record of them is checked by
// apps/api/test/pm2-ecosystem.test.ts, against a running PM2).
describe('the worker node flags, where they are written out', () => {
  it("are all in the worker's start script, with MALLOC_ARENA_MAX=2", () => {
    const { scripts } = JSON.parse(fromRoot('apps/worker/package.json')) as { scripts: { start: string } };
    const words = scripts.start.split(/\s+/);
    expect(words).toContain('MALLOC_ARENA_MAX=2');
    for (const flag of WORKER_NODE_FLAGS) expect(words, flag).toContain(flag);
  });

  it("are all in DEPLOYMENT.md's command for a worker without a supervisor", () => {
    const command = `node ${WORKER_NODE_FLAGS.join(' ')} apps/worker/dist/index.js`;
    expect(fromRoot('DEPLOYMENT.md')).toContain(command);
  });
});
