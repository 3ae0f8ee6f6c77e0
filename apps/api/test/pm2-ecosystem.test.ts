import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { WORKER_NODE_FLAGS } from '../../worker/src/node-flags';
import { isolatedPrefix, testEnv, until } from './support/harness';
import { freePort } from './support/ports';
import { builtApi, builtWorker } from './support/processes';
import { describeNeeding, needBuilt } from './support/requirements';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pm2Bin = createRequire(import.meta.url).resolve('pm2/bin/pm2');

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; exec_mode: string; node_args?: string[] };
}

describeNeeding([needBuilt(builtApi), needBuilt(builtWorker)], 'PM2 with ecosystem.config.cjs', () => {
  let pm2Home: string | undefined;
  let env: Record<string, string> = {};
  const pm2 = (...args: string[]) =>
    spawnSync(process.execPath, [pm2Bin, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });

  afterAll(async () => {
    if (!pm2Home) return;
    pm2('kill');
    await rm(pm2Home, { recursive: true, force: true });
  });

  it('starts two api copies in cluster mode on one port and a worker; /health is 200', async () => {
    pm2Home = await mkdtemp(path.join(os.tmpdir(), 'p4g-pm2-'));
    const port = await freePort();
    env = {
      ...testEnv(isolatedPrefix()),
      PATH: process.env.PATH ?? '',
      HOME: pm2Home,
      PM2_HOME: pm2Home,
      // The ecosystem file runs what `pnpm test` built (apps/*/dist-test), like the other process tests.
      BUILD_OUT_DIR: path.basename(path.dirname(builtApi)),
      PORT: String(port),
      HOST: '127.0.0.1',
      API_INSTANCES: '2',
      WORKER_INSTANCES: '1',
    };
    const started = pm2('start', 'ecosystem.config.cjs');
    expect(started.status, started.stderr + started.stdout).toBe(0);

    // 200 needs the database, Redis and a worker heartbeat.
    await until(
      () =>
        fetch(`http://127.0.0.1:${port}/health`).then(
          (response) => response.status,
          () => 0,
        ),
      (status) => status === 200,
      60_000,
    );
    const list = JSON.parse(pm2('jlist').stdout) as Pm2Process[];
    const online = list.filter((entry) => entry.pm2_env.status === 'online');
    const apis = online.filter((entry) => entry.name === 'phoenix4ge-api');
    expect(apis).toHaveLength(2);
    expect(apis.every((entry) => entry.pm2_env.exec_mode === 'cluster_mode')).toBe(true);
    expect(new Set(apis.map((entry) => entry.pid)).size).toBe(2);
    const workers = online.filter((entry) => entry.name === 'phoenix4ge-worker');
    expect(workers).toHaveLength(1);
    // The ecosystem file spells the worker's Node flags out (PM2 reads no TypeScript): they must match node-flags.ts.
    // PM2 overwrites its children's command line, so the flags are read from what PM2 started them with.
    expect(workers[0]?.pm2_env.node_args).toEqual(expect.arrayContaining([...WORKER_NODE_FLAGS]));

    const stopped = pm2('kill');
    expect(stopped.status).toBe(0);
    await until(
      () =>
        fetch(`http://127.0.0.1:${port}/health`).then(
          () => 'answering',
          () => 'gone',
        ),
      (state) => state === 'gone',
      60_000,
    );
  }, 150_000);
});
