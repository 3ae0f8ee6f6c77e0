import { randomBytes } from 'node:crypto';
import type { Redis } from './redis';

export type AnalyticsKind = 'view' | 'download';

/** One counted event, as the api buffers it. */
export interface CountedEvent {
  mediaId: number;
  modelId: number;
  kind: AnalyticsKind;
}

/** What one claimed bucket holds: counts per media, kind and UTC day, and the bucket's minute. */
export interface BucketRow extends CountedEvent {
  day: string;
  count: number;
  /** The bucket's minute (the time of the last view in it, to the minute). */
  at: Date;
}

const MINUTE = 60_000;

/**
 * The analytics counting buffer in Redis, shared by the api (which counts) and the worker (which flushes).
 * Counts go into one hash per minute (`HINCRBY bucket:<minute> <media>:<model>:<kind>`), listed in a sorted set.
 * A flush claims a bucket by renaming it to a unique flushing id (listed in a set, in the same MULTI), applies it
 * to the database in one transaction that also records that id, then deletes it. A flush that dies after the
 * rename leaves the id listed, so the next flush applies it; one that dies after the commit finds the id recorded
 * and only deletes. A count arriving after its bucket was claimed makes a new bucket of the same minute.
 */
export function createAnalyticsBuffer(redis: Redis, keyPrefix: string) {
  const base = `${keyPrefix}:analytics`;
  const bucketsKey = `${base}:buckets`;
  const flushingKey = `${base}:flushing`;
  const bucketKey = (minute: number) => `${base}:bucket:${minute}`;
  const claimedKey = (id: string) => `${base}:claimed:${id}`;

  return {
    /** Adds the events to the current minute's bucket. */
    async count(events: CountedEvent[], at = new Date()): Promise<void> {
      if (events.length === 0) return;
      const minute = Math.floor(at.getTime() / MINUTE);
      const multi = redis.multi();
      for (const event of events) {
        multi.hincrby(bucketKey(minute), `${event.mediaId}:${event.modelId}:${event.kind}`, 1);
      }
      multi.zadd(bucketsKey, minute, String(minute));
      await multi.exec();
    },

    /**
     * Claims every bucket (renamed to a unique flushing id) and answers the ids waiting to be applied, those of
     * earlier flushes that did not finish included.
     */
    async claim(): Promise<string[]> {
      const minutes = await redis.zrange(bucketsKey, 0, -1);
      for (const minute of minutes) {
        const id = `${minute}-${randomBytes(6).toString('hex')}`;
        // ZREM first in the MULTI: a count after this re-adds the minute with a fresh bucket.
        const replies = await redis
          .multi()
          .zrem(bucketsKey, minute)
          .sadd(flushingKey, id)
          .rename(bucketKey(Number(minute)), claimedKey(id))
          .exec();
        const renamed = replies?.[2];
        if (!renamed || renamed[0]) await redis.srem(flushingKey, id); // no such bucket (already claimed)
      }
      return (await redis.smembers(flushingKey)).sort();
    },

    /** What a claimed bucket holds. */
    async read(id: string): Promise<BucketRow[]> {
      const minute = Number(id.split('-')[0]);
      const at = new Date(minute * MINUTE);
      const day = at.toISOString().slice(0, 10);
      const fields = await redis.hgetall(claimedKey(id));
      return Object.entries(fields).flatMap(([field, value]) => {
        const [mediaId, modelId, kind] = field.split(':');
        const count = Number(value);
        if (!(kind === 'view' || kind === 'download') || !(count > 0)) return [];
        return [{ mediaId: Number(mediaId), modelId: Number(modelId), kind, day, count, at }];
      });
    },

    /** Forgets a claimed bucket once the database has it. */
    async done(id: string): Promise<void> {
      await redis.multi().del(claimedKey(id)).srem(flushingKey, id).exec();
    },
  };
}

export type AnalyticsBuffer = ReturnType<typeof createAnalyticsBuffer>;
