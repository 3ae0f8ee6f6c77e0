import { until } from '../../test/support/harness';
import { freePort } from '../../test/support/ports';
import { builtApi, builtWorker, spawnBuilt } from '../../test/support/processes';

/** Built api and worker bundles as real processes, started, killed and restarted like hosts of a deployment. */

type Env = Record<string, string>;
export type Running = ReturnType<typeof spawnBuilt>;

export interface ApiProcess {
  url: string;
  port: number;
  running: Running;
}

/** GET /health's status, 0 when nothing answers (a 503 still means the process is up). */
export async function healthStatus(url: string): Promise<number> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

const exited = (running: Running) => running.child.exitCode !== null || running.child.signalCode !== null;

/** Starts the built api on `port` (a free one by default) and waits until it answers /health. */
export async function spawnApi(env: Env, port?: number): Promise<ApiProcess> {
  const chosen = port ?? (await freePort());
  const running = spawnBuilt(builtApi, { ...env, PORT: String(chosen), HOST: '127.0.0.1' });
  const url = `http://127.0.0.1:${chosen}`;
  await until(
    async () => {
      if (exited(running)) throw new Error(`api exited at start: ${running.output().stderr.slice(-2000)}`);
      return healthStatus(url);
    },
    (status) => status > 0,
    90_000, // a bundle takes seconds to load on a busy 2-core machine
  );
  return { url, port: chosen, running };
}

export function spawnWorker(env: Env): Running {
  return spawnBuilt(builtWorker, env);
}

/** kill -9, and wait until the process is gone. */
export async function killHard(running: Running): Promise<void> {
  if (exited(running)) return;
  running.child.kill('SIGKILL');
  await running.exited;
}

/** SIGTERM (drain, hand jobs back), and wait for the exit code. */
export async function stopGracefully(running: Running): Promise<number | null> {
  if (exited(running)) return running.child.exitCode;
  running.child.kill('SIGTERM');
  return running.exited;
}
