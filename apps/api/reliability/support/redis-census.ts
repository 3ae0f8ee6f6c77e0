import type { Redis } from '@phoenix4ge/shared/node';
import { bullPrefix } from '@phoenix4ge/shared/node';
import { QueueKeys } from 'bullmq';

/**
 * What the keys under a deployment's prefix are, by whether something legitimately bounds them:
 * - `queue`: BullMQ's own keys of a queue (its lists, meta, events stream, metrics, schedulers): a fixed set;
 * - `job`: a job's hash and its `:logs`/`:lock`… keys, for a job BullMQ still lists in one of its states (bounded by
 *   the retention: `removeOnComplete`/`removeOnFail`);
 * - `mediaIndex`: the per-media job index (`jobs:media:<id>`), one per media that had a job (bounded by the media);
 * - `expiring`: anything else with a TTL (public and facet caches, rate limits, visitors, counters);
 * - `persistent`: anything else without a TTL: not tied to a job, a media or a clock, so it must not grow;
 * - `orphan`: a BullMQ job key whose job no state lists and that has no TTL: a leak.
 */
export type KeyClass = 'queue' | 'job' | 'mediaIndex' | 'expiring' | 'persistent' | 'orphan';

export interface KeyCensus {
  counts: Record<KeyClass, number>;
  /** Per class, how many keys of each shape (digits and job ids replaced), for the report. */
  shapes: Record<KeyClass, Record<string, number>>;
  /** Cache keys (`public:`/`facets:`) without a TTL: they would never go. */
  cachesWithoutTtl: number;
  total: number;
}

const structural = new Set(Object.keys(new QueueKeys('').getKeys('q')).filter(Boolean));
/** Keys BullMQ keeps beside a job's hash. */
const jobSuffix = /:(logs|lock|dependencies|processed|failed|unsuccessful)$/;
/** BullMQ job-state lists and sorted sets: a job is in exactly one of them (besides `stalled`). */
const stateLists = ['wait', 'active', 'paused'] as const;
const stateSets = ['delayed', 'prioritized', 'completed', 'failed', 'waiting-children'] as const;

async function scanAll(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...page);
  } while (cursor !== '0');
  return [...new Set(keys)];
}

/** Every job id each queue lists, read in one MULTI so a job moving between states is seen exactly once. */
async function listedJobs(redis: Redis, bull: string, queues: string[]): Promise<Set<string>> {
  const multi = redis.multi();
  for (const queue of queues) {
    for (const list of stateLists) multi.lrange(`${bull}:${queue}:${list}`, 0, -1);
    for (const set of stateSets) multi.zrange(`${bull}:${queue}:${set}`, 0, -1);
  }
  const replies = (await multi.exec()) ?? [];
  const listed = new Set<string>();
  replies.forEach(([error, ids], index) => {
    if (error) throw error;
    const queue = queues[Math.floor(index / (stateLists.length + stateSets.length))];
    for (const id of ids as string[]) listed.add(`${queue}:${id}`);
  });
  return listed;
}

const shapeOf = (key: string) => key.replace(/\d+/g, '#');

/** Counts the keys under `prefix` (the deployment's REDIS_KEY_PREFIX) by class. */
export async function redisCensus(redis: Redis, prefix: string): Promise<KeyCensus> {
  const keys = await scanAll(redis, prefix);
  const bull = `${bullPrefix(prefix)}:`;
  const queues = [
    ...new Set(keys.filter((key) => key.startsWith(bull)).map((key) => key.slice(bull.length).split(':')[0])),
  ].filter((queue): queue is string => Boolean(queue));
  const listed = await listedJobs(redis, bullPrefix(prefix), queues);

  const ttls = redis.pipeline();
  for (const key of keys) ttls.pttl(key);
  const ttlReplies = (await ttls.exec()) ?? [];

  const counts: Record<KeyClass, number> = {
    queue: 0,
    job: 0,
    mediaIndex: 0,
    expiring: 0,
    persistent: 0,
    orphan: 0,
  };
  const shapes = Object.fromEntries(Object.keys(counts).map((name) => [name, {}])) as KeyCensus['shapes'];
  let cachesWithoutTtl = 0;
  let total = 0;
  const note = (kind: KeyClass, shape: string) => {
    counts[kind] += 1;
    shapes[kind][shape] = (shapes[kind][shape] ?? 0) + 1;
  };

  keys.forEach((key, index) => {
    const ttl = Number(ttlReplies[index]?.[1] ?? -2);
    if (ttl === -2) return; // gone since the scan
    total += 1;
    const local = key.slice(prefix.length + 1);
    if (key.startsWith(bull)) {
      const [queue = '', ...rest] = key.slice(bull.length).split(':');
      const name = rest.join(':');
      const first = rest[0] ?? '';
      if (
        structural.has(name) ||
        first === 'metrics' ||
        (first === 'repeat' && rest.length === 2) ||
        name === ''
      ) {
        note('queue', `bull:${queue}:${name.replace(/^repeat:.*/, 'repeat:<scheduler>')}`);
      } else if (listed.has(`${queue}:${name.replace(jobSuffix, '')}`)) {
        note('job', `bull:${queue}:<job>${name.match(jobSuffix)?.[0] ?? ''}`);
      } else {
        note(ttl >= 0 ? 'expiring' : 'orphan', `bull:${queue}:${shapeOf(name)}`);
      }
      return;
    }
    if (local.startsWith('jobs:media:')) {
      note('mediaIndex', 'jobs:media:#');
      return;
    }
    if ((local.startsWith('public:') || local.startsWith('facets:')) && ttl < 0) cachesWithoutTtl += 1;
    note(ttl >= 0 ? 'expiring' : 'persistent', shapeOf(local).replace(/:[A-Za-z0-9_-]{20,}/g, ':<hash>'));
  });
  return { counts, shapes, cachesWithoutTtl, total };
}

/**
 * The shapes of a class holding more keys at the end than they ever did early on (`shape a → b`): what a leak
 * looks like. A shape first seen later with a single key is a key made once, on first use (a queue's `failed`
 * set, the analytics buckets list), not growth.
 */
export function grownShapes(early: readonly KeyCensus[], end: KeyCensus, kind: KeyClass): string[] {
  return Object.entries(end.shapes[kind]).flatMap(([shape, n]) => {
    const before = Math.max(0, ...early.map((census) => census.shapes[kind][shape] ?? 0));
    return n > Math.max(before, 1) ? [`${shape} ${before} → ${n}`] : [];
  });
}
