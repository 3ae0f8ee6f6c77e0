import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Benchmark, Figure } from './harness';
import { freePort, load, startProcess, stopProcess, waitForHealthy } from './lib';

const CONNECTIONS = 32;
const SECONDS = 10;

const benchmark: Benchmark = {
  id: 'trpc',
  title: 'tRPC round trip: system.status against tRPC and Fastify hello-worlds',
  method:
    `autocannon, ${CONNECTIONS} connections, ${SECONDS} s after a 2 s warm-up, against servers in their own processes ` +
    '(the load generator in a fresh process of its own per measurement). `system.status` is the real built api (production mode, ' +
    'a worker running) answering a GET query that probes MariaDB, Redis, disk, worker heartbeats and queue ' +
    'counts; the baselines are a tRPC v11 hello-world through the same Fastify adapter and superjson, and a bare ' +
    'Fastify hello-world.',
  async run({ root, env, log }) {
    const tsx = path.join(root, 'apps/api/node_modules/.bin/tsx');
    const figures: Figure[] = [];

    async function measure(
      name: string,
      start: (port: number) => Promise<() => Promise<void>>,
      urlPath: string,
    ) {
      const port = await freePort();
      const stop = await start(port);
      try {
        const result = await load(`http://127.0.0.1:${port}${urlPath}`, {
          connections: CONNECTIONS,
          seconds: SECONDS,
        });
        if (result.errors > 0) throw new Error(`${name}: ${result.errors} failed requests`);
        log(
          `${name}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
        );
        const baseline = figures[0]?.value;
        figures.push(
          {
            name: `${name}: throughput`,
            value: result.requestsPerSecond,
            unit: 'req/s',
            note: baseline
              ? `${((result.requestsPerSecond / baseline) * 100).toFixed(1)} % of Fastify hello-world`
              : 'baseline',
          },
          { name: `${name}: latency mean`, value: result.meanMs, unit: 'ms' },
          { name: `${name}: latency p50`, value: result.p50Ms, unit: 'ms' },
          { name: `${name}: latency p99`, value: result.p99Ms, unit: 'ms' },
        );
      } finally {
        await stop();
      }
    }

    await measure(
      'Fastify hello-world',
      async (port) => {
        const child = await startProcess(
          tsx,
          [path.join(root, 'apps/api/bench/servers/hello-fastify.ts')],
          { ...env, PORT: String(port) },
          `http://127.0.0.1:${port}/hello`,
        );
        return () => stopProcess(child);
      },
      '/hello',
    );
    await measure(
      'tRPC hello-world',
      async (port) => {
        const child = await startProcess(
          tsx,
          [path.join(root, 'apps/api/bench/servers/hello-trpc.ts')],
          { ...env, PORT: String(port) },
          `http://127.0.0.1:${port}/trpc/hello`,
        );
        return () => stopProcess(child);
      },
      '/trpc/hello',
    );
    await measure(
      'tRPC system.status (real api)',
      async (port) => {
        const workerProcess = spawn(process.execPath, [path.join(root, 'apps/worker/dist/index.js')], {
          env: { ...env, MALLOC_ARENA_MAX: '2' },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        const api = await startProcess(
          process.execPath,
          [path.join(root, 'apps/api/dist/index.js')],
          { ...env, PORT: String(port), HOST: '127.0.0.1' },
          `http://127.0.0.1:${port}/health`,
        );
        await waitForHealthy(`http://127.0.0.1:${port}/health`);
        return async () => {
          await stopProcess(api);
          await stopProcess(workerProcess);
        };
      },
      '/trpc/system.status',
    );
    return figures;
  },
};

export default benchmark;
