/**
 * The process supervisor of `pnpm start` (apps/api/src/cluster.ts, apps/worker/src/cluster.ts): runs `instances`
 * copies of a bundle with node:cluster (api copies share the port), restarts a crashed copy with exponential
 * backoff, replaces a copy whose resident memory passes the limit gracefully (the replacement starts first, then
 * the old copy drains on SIGTERM), and on SIGTERM/SIGINT drains every copy before exiting. PM2's
 * ecosystem.config.cjs does the same job for those who prefer PM2.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

const MEMORY_REPORT_MS = 5000;
/** Supervisor → copy: start reporting memory (see reportMemoryToSupervisor). */
const REPORT_REQUEST = 'p4g:report-memory';
const MEMORY_MESSAGE = 'p4g:memory';

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A copy that ran this long before crashing counts as healthy: its restart waits only the first backoff. */
const STABLE_AFTER_MS = 60_000;

export interface SuperviseOptions {
  name: string;
  /** The bundle each copy runs. */
  exec: string;
  instances: number;
  /** Resident memory (MB) past which a copy is replaced; 0 = never. */
  maxMemoryMb: number;
  /** When a copy counts as up: `listening` (the api: the port never goes unanswered) or `online`. */
  readyWhen: 'listening' | 'online';
  /** How long a copy may take to drain on SIGTERM before it is killed. */
  stopTimeoutMs: number;
  /** Node flags for each copy, after the supervisor's own. */
  nodeFlags?: readonly string[];
  logger: Logger;
}

interface Slot {
  index: number;
  worker?: Worker;
  startedAt: number;
  crashes: number;
  replacing: boolean;
}

export function supervise(options: SuperviseOptions) {
  const { logger, name } = options;
  const nodeFlags = (options.nodeFlags ?? []).filter((flag) => !process.execArgv.includes(flag));
  cluster.setupPrimary({ exec: options.exec, execArgv: [...process.execArgv, ...nodeFlags] });
  const slots: Slot[] = Array.from({ length: options.instances }, (_, index) => ({
    index,
    startedAt: 0,
    crashes: 0,
    replacing: false,
  }));
  /** Copies asked to stop (replaced, or at shutdown): their exit is expected. */
  const retiring = new Set<Worker>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  function fork(slot: Slot): Worker {
    const worker = cluster.fork();
    // Asked every second until the copy answers: its listener exists only once its bundle has loaded.
    const ask =
      options.maxMemoryMb > 0
        ? setInterval(() => {
            if (worker.isConnected()) worker.send({ type: REPORT_REQUEST }, () => undefined);
          }, 1000)
        : undefined;
    worker.once('exit', () => clearInterval(ask));
    worker.on('message', (message: unknown) => {
      if (!isMemoryReport(message) || options.maxMemoryMb === 0) return;
      clearInterval(ask);
      if (slot.worker !== worker || slot.replacing || stopping) return;
      const rssMb = Math.round(message.rss / 1024 / 1024);
      if (rssMb <= options.maxMemoryMb) return;
      logger.warn(
        { childPid: worker.process.pid, rssMb, limitMb: options.maxMemoryMb },
        `${name} ${slot.index} is over its memory limit; replacing it gracefully`,
      );
      void replace(slot);
    });
    worker.on('exit', (code, signal) => {
      if (retiring.delete(worker) || stopping || slot.worker !== worker) return;
      slot.worker = undefined;
      slot.crashes = Date.now() - slot.startedAt > STABLE_AFTER_MS ? 1 : slot.crashes + 1;
      const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (slot.crashes - 1));
      logger.error(
        { childPid: worker.process.pid, code, signal, restartInMs: delay },
        `${name} ${slot.index} exited unexpectedly; restarting in ${delay / 1000} s`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping && !slot.worker) start(slot);
      }, delay);
      timers.add(timer);
    });
    return worker;
  }

  function start(slot: Slot) {
    slot.startedAt = Date.now();
    slot.worker = fork(slot);
    logger.info({ childPid: slot.worker.process.pid }, `${name} ${slot.index} started`);
  }

  /** The replacement first; once it is up, the old copy drains. */
  async function replace(slot: Slot) {
    const old = slot.worker;
    slot.replacing = true;
    const fresh = fork(slot);
    const up = await new Promise<boolean>((resolve) => {
      fresh.once(options.readyWhen, () => resolve(true));
      fresh.once('exit', () => resolve(false));
    });
    slot.replacing = false;
    if (!up || stopping) return;
    slot.worker = fresh;
    slot.startedAt = Date.now();
    if (old) void retire(old);
  }

  /** SIGTERM (the copy drains), SIGKILL after stopTimeoutMs. */
  function retire(worker: Worker): Promise<void> {
    if (worker.isDead()) return Promise.resolve();
    retiring.add(worker);
    return new Promise((resolve) => {
      const kill = setTimeout(() => {
        logger.error({ childPid: worker.process.pid }, `${name} did not stop in time; killing it`);
        worker.process.kill('SIGKILL');
      }, options.stopTimeoutMs);
      worker.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      worker.process.kill('SIGTERM');
    });
  }

  for (const slot of slots) start(slot);

  return {
    /** Live copies' process ids. */
    pids(): number[] {
      return Object.values(cluster.workers ?? {}).flatMap((worker) =>
        worker?.process.pid === undefined ? [] : [worker.process.pid],
      );
    },
    async stop(): Promise<void> {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      const live = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);
      await Promise.all(live.map((worker) => retire(worker)));
    },
  };
}

function isMemoryReport(message: unknown): message is { type: string; rss: number } {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === MEMORY_MESSAGE &&
    typeof (message as { rss?: unknown }).rss === 'number'
  );
}

/**
 * In a copy the supervisor forked: once it asks, reports resident memory every few seconds. Call before starting,
 * so the request is not missed; without an IPC channel (not forked) it does nothing.
 */
export function reportMemoryToSupervisor() {
  if (typeof process.send !== 'function') return;
  let timer: NodeJS.Timeout | undefined;
  const report = () => process.send?.({ type: MEMORY_MESSAGE, rss: process.memoryUsage.rss() });
  process.on('message', (message: unknown) => {
    if (timer || (message as { type?: unknown } | null)?.type !== REPORT_REQUEST) return;
    report();
    timer = setInterval(report, MEMORY_REPORT_MS);
    timer.unref();
  });
}

/** Runs a supervisor as the process: SIGTERM/SIGINT drain every copy, then exit. */
export function runSupervisor(supervisor: ReturnType<typeof supervise>, logger: Logger) {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping every copy');
    supervisor.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
