import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort, startProcess, stopProcess, waitForHealthy } from '../lib';
import type { Session } from './client';
import { signIn } from './client';

export interface RunningApi {
  base: string;
  /** The api process. */
  pid: number;
  /** Signed in as a fresh admin. */
  session: Session;
  stop(): Promise<void>;
}

/**
 * The built api and a worker on a benchmark's database (production mode), with an admin created through the CLI
 * and signed in.
 */
export async function startApiAndWorker(root: string, env: Record<string, string>): Promise<RunningApi> {
  const children: Awaited<ReturnType<typeof startProcess>>[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await stopProcess(child);
  };
  try {
    // Before the api starts: the CLI takes seconds, long enough for a pooled keep-alive socket to the api to be
    // closed under the next request.
    const email = `bench-${randomBytes(3).toString('hex')}@example.test`;
    const password = 'benchmark passphrase';
    execFileSync(
      path.join(root, 'node_modules/.bin/tsx'),
      [
        path.join(root, 'apps/api/src/cli/index.ts'),
        'user:create',
        '--email',
        email,
        '--password',
        password,
        '--admin',
      ],
      { env },
    );
    const port = await freePort();
    children.push(
      spawn(process.execPath, [path.join(root, 'apps/worker/dist/index.js')], {
        // The generated library's ~15,000 `uploaded`/`processing` rows have no files: the lost-job recovery (every
        // minute by default) would queue 100 of them a pass, each failing, ~1.2 s of CPU a minute under the load runs.
        env: { ...env, MALLOC_ARENA_MAX: '2', WORKER_RECOVERY_INTERVAL_MS: '3600000' },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    const base = `http://127.0.0.1:${port}`;
    const api = await startProcess(
      process.execPath,
      [path.join(root, 'apps/api/dist/index.js')],
      { ...env, PORT: String(port), HOST: '127.0.0.1' },
      `${base}/health`,
    );
    children.push(api);
    await waitForHealthy(`${base}/health`);
    return { base, pid: api.pid ?? 0, session: await signIn(base, email, password), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
