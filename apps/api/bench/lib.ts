export { freePort } from '../test/support/ports';

import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type autocannon from 'autocannon';

const execFileAsync = promisify(execFile);

/** User + system CPU seconds a process (or, given its stat file, one thread) has used so far (ticks of 1/100 s). */
export async function cpuSecondsOf(pid: number, file = `/proc/${pid}/stat`): Promise<number> {
  const stat = await readFile(file, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/**
 * Busy CPU seconds of the whole machine so far, every core summed (/proc/stat's first line: user, nice, system,
 * irq, softirq and steal; idle and iowait are not busy). Over a run, it counts what no process reading can: the
 * database, Redis, kernel threads (writeback, the journal) and the benchmark's own process.
 */
export async function machineCpuSeconds(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
}

/** The pids of every process running one of these executables (`pidof`); none is an empty list. */
export async function pidsOf(...names: string[]): Promise<number[]> {
  const { stdout } = await execFileAsync('pidof', names).catch(() => ({ stdout: '' }));
  return stdout.split(/\s+/).filter(Boolean).map(Number);
}

/** The CPU seconds of several processes together. */
export async function cpuSecondsOfAll(pids: number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) total += await cpuSecondsOf(pid);
  return total;
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

/** Every thread of a process and of the processes it started (a tsx server is tsx's child) on `cpus` (taskset). */
export async function pinTree(pid: number, cpus: string): Promise<void> {
  await execFileAsync('taskset', ['-a', '-p', '-c', cpus, String(pid)]);
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  for (const child of children.split(' ').filter(Boolean)) await pinTree(Number(child), cpus);
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

export interface LoadRequest {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  serverPid?: number;
}

/**
 * autocannon against one URL: a short warm-up, then the measured run. Non-2xx answers count as errors. With
 * `serverPid`, the server's CPU per request is measured too (the client's always is): on two shared cores a
 * cheap server is limited by its load generator, and these say which side was the limit. Each measurement runs
 * in a fresh process (load-generator.ts): run in this long-lived one, autocannon got slower with every run of a
 * different answer shape (its client CPU per 304 rose from ~30 to ~100 µs after a 200 and a brotli run).
 */
export async function load(url: string, options: Omit<LoadRequest, 'url'>): Promise<LoadResult> {
  const request: LoadRequest = { url, ...options };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { stdout } = await execFileAsync(
    path.join(here, '../node_modules/.bin/tsx'),
    [path.join(here, 'load-generator.ts'), JSON.stringify(request)],
    { maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as LoadResult;
}

/** `3.46ms`, `812.00us`, `1.02s` (wrk's latency units) in milliseconds. */
function wrkMs(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  if (!match) return Number.NaN;
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(match[1]) * scale;
}

/**
 * The same measurement as `load`, with wrk (C, one thread) as the load generator. autocannon parses in JavaScript:
 * here it used 50–70 µs of CPU per 63 KB gallery page and 27–30 µs per hello-world, wrk 40–45 and 18–20 µs (most
 * of wrk's is the kernel's loopback work, which any client pays). On two shared cores the client's CPU is taken
 * from the server, so the cheaper client measures more of the server. The binary comes from WRK_PATH or the PATH
 * (`pnpm bench` installs Debian's `wrk`). wrk counts 3xx as success; 4xx, 5xx and socket errors are `errors`.
 */
export async function wrkLoad(
  url: string,
  options: Omit<LoadRequest, 'url'> & { cpus?: string },
): Promise<LoadResult> {
  const wrk = process.env.WRK_PATH ?? 'wrk';
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
    '-H',
    `${name}: ${value}`,
  ]);
  const run = (seconds: number) =>
    execFileAsync(
      'sh',
      // The shell waits for wrk, so its children's CPU (fields cutime, cstime of its own stat) is wrk's.
      [
        '-c',
        '"$@"; cat /proc/$$/stat',
        'sh',
        ...(options.cpus ? ['taskset', '-c', options.cpus] : []),
        wrk,
        '-t1',
        `-c${options.connections}`,
        `-d${seconds}s`,
        '--latency',
        ...headerArgs,
        url,
      ],
      { maxBuffer: 1024 * 1024 },
    );
  await run(2);
  const serverBefore = options.serverPid ? await cpuSecondsOfTree(options.serverPid) : 0;
  const { stdout } = await run(options.seconds);
  const serverSeconds = options.serverPid
    ? (await cpuSecondsOfTree(options.serverPid)) - serverBefore
    : undefined;
  const lines = stdout.trim().split('\n');
  const stat = lines.at(-1) ?? '';
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const clientSeconds = (Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) / 100;
  const text = lines.slice(0, -1).join('\n');
  const requests = Math.max(1, Number(/(\d+) requests in/.exec(text)?.[1] ?? 0));
  const percentileMs = (p: string) => wrkMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(text)?.[1]);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0) +
    (socketErrors ? socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 0),
    meanMs: wrkMs(/Latency\s+(\S+)/.exec(text)?.[1]),
    p50Ms: percentileMs('50'),
    p99Ms: percentileMs('99'),
    errors,
    clientCpuUsPerRequest: (clientSeconds * 1e6) / requests,
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
