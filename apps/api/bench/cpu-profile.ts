/**
 * Where a process's CPU went, from a V8 `.cpuprofile` (`node --cpu-prof`): each sample is charged to the first
 * bucket that its stack matches, leaf first (so hashing inside a stream transform counts as hashing, not as
 * the stream). Samples outside [fromUs, toUs] (V8's monotonic clock, the same as `process.hrtime`) and idle
 * ones are left out.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Figure } from './harness';

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Bucket {
  name: string;
  matches(frame: CallFrame): boolean;
}

const inUrl =
  (...parts: string[]) =>
  (frame: CallFrame) =>
    parts.some((part) => frame.url.includes(part));
const named =
  (...names: string[]) =>
  (frame: CallFrame) =>
    names.includes(frame.functionName);

/** The api's upload path, in the words of the pipeline notes. */
export const uploadBuckets: Bucket[] = [
  { name: 'garbage collection', matches: named('(garbage collector)') },
  { name: 'sha256', matches: inUrl('internal/crypto/hash') },
  { name: 'multipart parsing', matches: inUrl('busboy', 'streamsearch', '@fastify/multipart') },
  {
    name: 'type and header checks',
    matches: (frame) =>
      inUrl('file-type', 'strtok3', 'token-types', 'peek-readable', '/sharp/')(frame) ||
      named('judgeUpload', 'probeHeader', 'decodesCompletely', 'checkEnd')(frame),
  },
  {
    name: 'spool and store (writes, fsync, rename)',
    matches: (frame) =>
      inUrl('node:internal/fs', 'node:fs')(frame) || named('spoolUpload', 'putFile', 'moveIntoPlace')(frame),
  },
  { name: 'rows (mysql2, drizzle)', matches: inUrl('mysql2', 'drizzle-orm') },
  { name: 'events and queues (ioredis)', matches: inUrl('ioredis', 'bullmq') },
  { name: 'streams (piping between the above)', matches: inUrl('node:internal/streams') },
  {
    name: 'http, Fastify, tRPC, logging',
    matches: inUrl('fastify', 'find-my-way', 'node:_http', 'node:http', 'node:net', '@trpc', 'pino'),
  },
  { name: 'native, outside JS', matches: named('(program)') },
];

/** The worker's main thread while it processes uploads (libvips' own threads are not in a V8 profile). */
export const processingBuckets: Bucket[] = [
  { name: 'garbage collection', matches: named('(garbage collector)') },
  { name: 'EXIF (ExifReader)', matches: inUrl('exifreader') },
  {
    name: 'placeholder, palette, pHash',
    matches: (frame) => inUrl('thumbhash')(frame) || named('paletteOf', 'perceptualHash', 'dct8x8')(frame),
  },
  { name: 'sharp calls (JS side)', matches: inUrl('/sharp/') },
  { name: 'file reads and writes', matches: inUrl('node:internal/fs', 'node:fs') },
  { name: 'rows (mysql2, drizzle)', matches: inUrl('mysql2', 'drizzle-orm') },
  { name: 'queue, progress and events (ioredis, BullMQ)', matches: inUrl('ioredis', 'bullmq', 'msgpackr') },
  { name: 'logging (pino)', matches: inUrl('pino') },
  { name: 'native, outside JS', matches: named('(program)') },
];

/** V8's profile clock (monotonic microseconds), as `process.hrtime` reads it: the window of `cpuByBucket`. */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** The newest `.cpuprofile` in `dir`. */
export async function newestProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile')).sort();
  const last = files.at(-1);
  if (!last) throw new Error(`no .cpuprofile in ${dir}`);
  return path.join(dir, last);
}

/** Milliseconds of CPU per bucket (plus `other`), within the window. */
export async function cpuByBucket(
  file: string,
  buckets: Bucket[],
  window: { fromUs: number; toUs: number },
): Promise<{ name: string; ms: number }[]> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const bucketOf = new Map<number, string | null>();
  const classify = (id: number): string | null => {
    const known = bucketOf.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    let found: string | null = 'other';
    if (!node || node.callFrame.functionName === '(idle)') found = null;
    else {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        const bucket = frame && buckets.find((candidate) => candidate.matches(frame));
        if (bucket) {
          found = bucket.name;
          break;
        }
      }
    }
    bucketOf.set(id, found);
    return found;
  };
  const totals = new Map<string, number>();
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < window.fromUs || time > window.toUs) return;
    const bucket = classify(id);
    if (bucket) totals.set(bucket, (totals.get(bucket) ?? 0) + delta / 1000);
  });
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

/**
 * Figures for a CPU split: each bucket's share of the profile's busy samples times the CPU /proc measured, per
 * `count` (a sample's time delta is wall time, which a loaded machine stretches, so the profile gives only shares).
 */
export function cpuSplitFigures(
  parts: { name: string; ms: number }[],
  cpuSeconds: number,
  count: number,
  label: string,
): Figure[] {
  const profiledMs = parts.reduce((sum, part) => sum + part.ms, 0);
  return parts.map((part) => {
    const share = part.ms / Math.max(1, profiledMs);
    return {
      name: `${label}: ${part.name}`,
      value: (share * cpuSeconds * 1000) / count,
      unit: 'ms',
      note: `${(share * 100).toFixed(0)} % of the profile's busy samples`,
    };
  });
}
