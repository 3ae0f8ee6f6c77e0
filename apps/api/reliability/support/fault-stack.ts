import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { HealthReport } from '@phoenix4ge/shared';
import { freePort } from '../../test/support/ports';
import { builtApi, builtWorker, spawnBuilt } from '../../test/support/processes';

/** The supervisors `pnpm start` runs (dist/cluster.js beside each bundle): they restart a copy that dies. */
export const builtApiSupervisor = path.join(path.dirname(builtApi), 'cluster.js');
export const builtWorkerSupervisor = path.join(path.dirname(builtWorker), 'cluster.js');

/** The pids of a process's children (a supervisor's copies), from `ps`. */
export function childPids(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((value) => Number.isInteger(value) && value > 0);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

export interface HealthAnswer {
  status: number;
  body?: HealthReport;
  error?: string;
}

/** GET /health within 5 s; a refused connection or a timeout is `{ status: 0, error }`. */
export async function healthOf(url: string): Promise<HealthAnswer> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: (await response.json()) as HealthReport };
  } catch (error) {
    return { status: 0, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Healthy as an operator means it: /health 200 with at least one worker beating. */
export const isHealthy = (answer: HealthAnswer) =>
  answer.status === 200 && (answer.body?.services.worker.workers.length ?? 0) > 0;

/**
 * The product as `pnpm start` runs it, from the built bundles: the api supervisor (API_INSTANCES copies on one
 * port) and the worker supervisor (WORKER_INSTANCES copies), both restarting a copy that dies, so a trial can
 * kill -9 a copy and see it come back without a person. `env` is the whole environment (testEnv plus the
 * trial's own services).
 */
export async function startFaultStack(env: Record<string, string>) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const processEnv = {
    API_INSTANCES: '1',
    WORKER_INSTANCES: '1',
    // The test runs' LOG_LEVEL is silent; the api's errors are what a trial reports when it answered a bare 5xx.
    API_LOG_LEVEL: 'error',
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  const api = spawnBuilt(builtApiSupervisor, processEnv);
  const worker = spawnBuilt(builtWorkerSupervisor, processEnv);

  async function stopOne(child: ChildProcess) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  return {
    url,
    port,
    api,
    worker,
    /** The api copies serving now (the supervisor's children). */
    apiCopies: () => childPids(api.child.pid),
    /** The worker copies running now. */
    workerCopies: () => childPids(worker.child.pid),
    health: () => healthOf(url),
    /** Waits until healthy (api answering 200, a worker beating); fails naming the processes' last output. */
    async waitHealthy(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      let last: HealthAnswer = { status: 0 };
      while (Date.now() < deadline) {
        last = await healthOf(url);
        if (isHealthy(last)) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`not healthy within ${timeoutMs} ms: ${JSON.stringify(last)}\n${this.logTail()}`);
    },
    /** The last lines of both supervisors' output, for a failure message. */
    logTail(lines = 40) {
      const tail = (text: string) => text.split('\n').slice(-lines).join('\n');
      return `api:\n${tail(api.output().stdout + api.output().stderr)}\nworker:\n${tail(worker.output().stdout + worker.output().stderr)}`;
    },
    async stop() {
      await Promise.all([stopOne(api.child), stopOne(worker.child)]);
    },
  };
}

export type FaultStack = Awaited<ReturnType<typeof startFaultStack>>;

/**
 * Knobs the trials turn so recovery is seen within the trial, not within minutes: the outbox relay every 0.5 s,
 * and the lost-job recovery every second for items unchanged for 5 s (the defaults: 1 s, 60 s and 2 min).
 */
export const quickRecoveryEnv = {
  OUTBOX_RELAY_INTERVAL_MS: '500',
  WORKER_RECOVERY_INTERVAL_MS: '1000',
  WORKER_RECOVERY_AFTER_MS: '5000',
};
