import type { Redis } from 'ioredis';
import type { QueueName } from '../jobs';

/**
 * Which jobs named a media, newest first: BullMQ cannot search job data, so the producer notes every job whose
 * payload has a `mediaId` here when it is added (a sorted set per media, scored by time), and the media's detail
 * panel reads it back. Bounded (the last `KEEP` jobs per media, expiring with the longest job retention); entries
 * whose job BullMQ has since removed are skipped by the reader.
 */
const KEEP = 50;
const TTL_SECONDS = 8 * 24 * 3600;

const keyOf = (keyPrefix: string, mediaId: number) => `${keyPrefix}:jobs:media:${mediaId}`;

export interface JobRef {
  queue: QueueName;
  jobId: string;
}

export async function noteJobOfMedia(
  redis: Redis,
  keyPrefix: string,
  mediaId: number,
  ref: JobRef,
  at: number = Date.now(),
): Promise<void> {
  const key = keyOf(keyPrefix, mediaId);
  await redis
    .multi()
    .zadd(key, at, `${ref.queue}/${ref.jobId}`)
    .zremrangebyrank(key, 0, -KEEP - 1)
    .expire(key, TTL_SECONDS)
    .exec();
}

export async function jobsOfMedia(redis: Redis, keyPrefix: string, mediaId: number): Promise<JobRef[]> {
  const members = await redis.zrevrange(keyOf(keyPrefix, mediaId), 0, KEEP - 1);
  return members.flatMap((member) => {
    const slash = member.indexOf('/');
    return slash > 0 ? [{ queue: member.slice(0, slash) as QueueName, jobId: member.slice(slash + 1) }] : [];
  });
}
