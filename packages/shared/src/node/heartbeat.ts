import type { Redis } from 'ioredis';
import type { WorkerInfo } from '../events';
import { WorkerInfoSchema } from '../events';

export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A worker not heard from for this long is considered gone. */
export const HEARTBEAT_TTL_MS = 15_000;

export function workersKey(keyPrefix: string): string {
  return `${keyPrefix}:workers`;
}

export type LiveWorker = WorkerInfo & { lastSeenAt: number };

export async function writeHeartbeat(redis: Redis, keyPrefix: string, info: WorkerInfo, at = Date.now()) {
  await redis.hset(workersKey(keyPrefix), info.workerId, JSON.stringify({ ...info, lastSeenAt: at }));
}

export async function removeHeartbeat(redis: Redis, keyPrefix: string, workerId: string) {
  await redis.hdel(workersKey(keyPrefix), workerId);
}

/** Workers heard from within the TTL; entries long dead are pruned on the way. */
export async function readLiveWorkers(
  redis: Redis,
  keyPrefix: string,
  now = Date.now(),
): Promise<LiveWorker[]> {
  const entries = await redis.hgetall(workersKey(keyPrefix));
  const live: LiveWorker[] = [];
  const dead: string[] = [];
  for (const [workerId, json] of Object.entries(entries)) {
    const parsed = WorkerInfoSchema.extend({ lastSeenAt: WorkerInfoSchema.shape.startedAt }).safeParse(
      safeJson(json),
    );
    if (!parsed.success || now - parsed.data.lastSeenAt > HEARTBEAT_TTL_MS * 20) dead.push(workerId);
    else if (now - parsed.data.lastSeenAt <= HEARTBEAT_TTL_MS) live.push(parsed.data);
  }
  if (dead.length > 0) await redis.hdel(workersKey(keyPrefix), ...dead);
  return live;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Milliseconds since the most recent heartbeat of any worker; undefined when no worker has written one. */
export async function newestHeartbeatAgeMs(
  redis: Redis,
  keyPrefix: string,
  now = Date.now(),
): Promise<number | undefined> {
  const entries = await redis.hvals(workersKey(keyPrefix));
  let newest: number | undefined;
  for (const json of entries) {
    const seen = (safeJson(json) as { lastSeenAt?: unknown } | undefined)?.lastSeenAt;
    if (typeof seen === 'number' && (newest === undefined || seen > newest)) newest = seen;
  }
  return newest === undefined ? undefined : Math.max(0, now - newest);
}
