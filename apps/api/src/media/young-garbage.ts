import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' }) => void;

/**
 * V8's `gc()`, taken from a fresh context so the api needs no `--expose-gc` on any launcher (as jest does); checked
 * on Node 20 and 26. Should a Node refuse it, uploads go on without the early scavenges.
 */
function exposedGc(): Collect {
  const existing = (globalThis as { gc?: Collect }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    const collect: unknown = runInNewContext('gc');
    return typeof collect === 'function' ? (collect as Collect) : () => undefined;
  } catch {
    return () => undefined;
  } finally {
    try {
      setFlagsFromString('--no-expose-gc');
    } catch {}
  }
}

/**
 * Runs a young-generation GC (a scavenge, ~1 ms) every `everyBytes` of upload received. Node's HTTP parser copies
 * every body piece into a new Buffer; the spool writer copies each on at once, so they die young, but V8 scavenges
 * for Buffer memory only once young Buffers hold twice its default semi-space (tens of MB), and at ~250 MB/s of
 * uploads that garbage set the api's peak RSS. Every 8 MB it stays small (BENCHMARKS.md, ingest: peak RSS growth
 * 52–60 MB in six runs against 68–91 without, api CPU per MB within the runs' spread).
 */
export class YoungGarbageCollector {
  private received = 0;
  private collect: Collect | undefined;

  constructor(private readonly everyBytes: number) {}

  add(bytes: number): void {
    this.received += bytes;
    if (this.received < this.everyBytes) return;
    this.received = 0;
    this.collect ??= exposedGc();
    this.collect({ type: 'minor' });
  }
}

/** The one the upload path feeds (per process: the garbage is the process's). */
export const uploadGarbage = new YoungGarbageCollector(8 * 1024 * 1024);
