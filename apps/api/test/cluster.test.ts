import http from 'node:http';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { isolatedPrefix, testEnv, until } from './support/harness';
import { freePort } from './support/ports';
import { builtApi, spawnBuilt } from './support/processes';
import { describeNeeding, needBuilt } from './support/requirements';

const builtCluster = path.join(path.dirname(builtApi), 'cluster.js');

/** GET /health on a connection of its own (each new connection may go to another copy); resolves its status. */
function health(port: number): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
    // A connection the primary handed to a copy just as it was killed is never answered: give up on it.
    request.setTimeout(5000, () => request.destroy());
  });
}

interface LogLine {
  pid?: number;
  msg?: string;
  path?: string;
}

function logLines(stdout: string): LogLine[] {
  return stdout.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** The pids of the copies that answered /health, from their request log lines. */
const answeringPids = (stdout: string) =>
  new Set(
    logLines(stdout)
      .filter((line) => line.msg === 'request' && line.path === '/health')
      .map((line) => line.pid),
  );

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describeNeeding([needBuilt(builtCluster)], 'the api supervisor (apps/api/dist/cluster.js)', () => {
  let supervisor: ReturnType<typeof spawnBuilt> | undefined;
  afterEach(() => {
    supervisor?.child.kill('SIGKILL');
  });

  async function start(env: Record<string, string>) {
    const port = await freePort();
    supervisor = spawnBuilt(builtCluster, {
      ...testEnv(isolatedPrefix()),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    });
    await until(
      () => health(port),
      (status) => status > 0,
      90_000, // a copy takes seconds to load on a busy machine
    );
    return { port, running: supervisor };
  }

  it('answers on one port from API_INSTANCES copies, replaces a killed copy, and drains all on SIGTERM', async () => {
    const { port, running } = await start({ API_INSTANCES: '2' });
    const twoPids = await until(
      async () => {
        await Promise.all(Array.from({ length: 6 }, () => health(port)));
        return answeringPids(running.output().stdout);
      },
      (pids) => pids.size === 2,
      60_000,
    );
    const [victim, survivor] = [...twoPids] as [number, number];
    expect(running.child.pid).not.toBe(victim);

    process.kill(victim, 'SIGKILL');
    await until(
      async () => {
        await Promise.all(Array.from({ length: 6 }, () => health(port)));
        return answeringPids(running.output().stdout);
      },
      (pids) => [...pids].some((pid) => pid !== undefined && !twoPids.has(pid)),
      90_000,
    );
    expect(running.output().stdout).toMatch(/exited unexpectedly; restarting in 1 s/);
    const replacement = [...answeringPids(running.output().stdout)].find(
      (pid): pid is number => pid !== undefined && !twoPids.has(pid),
    );

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    for (const pid of [survivor, replacement ?? 0]) expect(alive(pid)).toBe(false);
    expect(await health(port)).toBe(0);
  }, 300_000);

  it('replaces a copy past API_MAX_MEMORY_MB: the new copy answers first, then the old one drains', async () => {
    // 1 MB: every copy is over it at its first report (every 5 s), so copies keep being replaced.
    const { port, running } = await start({ API_INSTANCES: '1', API_MAX_MEMORY_MB: '1' });
    const first = await until(
      async () => {
        await health(port);
        return answeringPids(running.output().stdout);
      },
      (pids) => pids.size === 1,
      60_000,
    );
    await until(
      async () => {
        await health(port);
        return answeringPids(running.output().stdout);
      },
      (pids) => pids.size >= 2,
      120_000,
    );
    expect(running.output().stdout).toMatch(/over its memory limit; replacing it gracefully/);
    const old = [...first][0] ?? 0;
    await until(
      async () => alive(old),
      (isAlive) => !isAlive,
      90_000,
    );
    expect(running.output().stdout).not.toMatch(/exited unexpectedly/);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 400_000);
});
