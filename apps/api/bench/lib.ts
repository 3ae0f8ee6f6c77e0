export { freePort } from '../test/support/ports';

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';

/** User + system CPU seconds a process (or, given its stat file, one thread) has used so far (ticks of 1/100 s). */
export async function cpuSecondsOf(pid: number, file = `/proc/${pid}/stat`): Promise<number> {
  const stat = await readFile(file, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/** CPU seconds of a process and every process it started (a server run through tsx is tsx's child). */
export async function cpuSecondsOfTree(pid: number): Promise<number> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  let total = await cpuSecondsOf(pid);
  for (const child of children.split(' ').filter(Boolean)) total += await cpuSecondsOfTree(Number(child));
  return total;
}

/**
 * CPU seconds of a process's live threads by name, a pool's numbered threads as one (`libuv-worker`,
 * `V8 DefaultWorke`, libvips' `vips-#`…), read from /proc/<pid>/task/<tid>/{comm,stat}.
 */
export async function cpuSecondsByThread(pid: number): Promise<Record<string, number>> {
  const byName: Record<string, number> = {};
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const comm = await readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8').catch(() => '');
    const name = tid === String(pid) ? 'main thread' : comm.trim().replace(/\d+/g, '#');
    byName[name] = (byName[name] ?? 0) + (await cpuSecondsOf(pid, `/proc/${pid}/task/${tid}/stat`));
  }
  return byName;
}

/**
 * What each thread group used between two `cpuSecondsByThread` readings; threads that ended meanwhile (their CPU
 * stays in the process total, not in any live thread) are `ended threads`.
 */
export function threadCpuBetween(
  before: Record<string, number>,
  after: Record<string, number>,
  processSeconds: number,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(after))
    used[name] = Math.max(0, seconds - (before[name] ?? 0));
  const live = Object.values(used).reduce((sum, seconds) => sum + seconds, 0);
  used['ended threads'] = Math.max(0, processSeconds - live);
  return used;
}

/** CPU seconds of a process's main thread (the JS event loop; libvips and libuv work on other threads). */
export function mainThreadCpuSecondsOf(pid: number): Promise<number> {
  return cpuSecondsOf(pid, `/proc/${pid}/task/${pid}/stat`);
}

/** With BENCH_PROFILES_DIR set, a CPU profile is copied there as `<name>.cpuprofile` (for a closer look). */
export async function keepProfile(file: string, name: string) {
  const dir = process.env.BENCH_PROFILES_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await copyFile(file, path.join(dir, `${name}.cpuprofile`));
}

/** Starts a server process and waits until `readyUrl` answers; the load generator stays in this process. */
export async function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      await fetch(readyUrl);
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error(`${readyUrl} did not answer within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function stopProcess(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export interface LoadResult {
  requestsPerSecond: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** CPU of the server process (and its children) per request of the measured run, when its pid was given. */
  serverCpuUsPerRequest?: number;
  /** CPU of the load generator (this process) per request of the measured run. */
  clientCpuUsPerRequest?: number;
}

/**
 * autocannon against one URL: a short warm-up, then the measured run. Non-2xx answers count as errors. With
 * `serverPid`, the server's CPU per request is measured too (the client's always is): on two shared cores a
 * cheap server is limited by its load generator, and these say which side was the limit.
 */
export async function load(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string>; serverPid?: number },
): Promise<LoadResult> {
  const { connections, headers, serverPid } = options;
  await autocannon({ url, connections, headers, duration: 2 });
  const serverBefore = serverPid ? await cpuSecondsOfTree(serverPid) : 0;
  const clientBefore = process.cpuUsage();
  const result = await autocannon({ url, connections, headers, duration: options.seconds });
  const client = process.cpuUsage(clientBefore);
  const serverSeconds = serverPid ? (await cpuSecondsOfTree(serverPid)) - serverBefore : undefined;
  const requests = Math.max(1, result.requests.total);
  return {
    ...loadResult(result),
    clientCpuUsPerRequest: (client.user + client.system) / requests,
    ...(serverSeconds === undefined ? {} : { serverCpuUsPerRequest: (serverSeconds * 1e6) / requests }),
  };
}

/** The figures of one autocannon run. */
export function loadResult(result: autocannon.Result): LoadResult {
  return {
    requestsPerSecond: result.requests.average,
    meanMs: result.latency.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Polls a /health URL until it answers 200 (for example until the worker's first heartbeat). */
export async function waitForHealthy(url: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} not healthy within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
