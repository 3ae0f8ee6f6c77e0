import type { RedisConfig } from '@phoenix4ge/shared/node';
import {
  createEvents,
  createLogger,
  createRedis,
  EventSubscriber,
  waitForRedis,
} from '@phoenix4ge/shared/node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../src/env';
import { isolatedPrefix, testEnv } from './support/harness';

const logger = createLogger({ name: 'live-isolation-test', level: 'warn' });

/** One deployment's side of the event bus: what it hears and a way to publish. */
async function deployment(redisConfig: RedisConfig) {
  const subscriber = new EventSubscriber(redisConfig, logger);
  const heard: number[] = [];
  subscriber.onEvent((event) => {
    if (event.name === 'media.changed') heard.push(event.payload.mediaId);
  });
  const redis = createRedis(redisConfig, 'command', 'live-isolation-test');
  await waitForRedis(redis, 5000);
  const events = createEvents(redis, redisConfig, logger);
  return {
    heard,
    /** Publishes until this deployment's own subscriber has heard it (it subscribes asynchronously). */
    async publishUntilHeard(mediaId: number) {
      await expect
        .poll(() => {
          events.mediaChanged(1, mediaId, 'updated');
          return heard.includes(mediaId);
        })
        .toBe(true);
    },
    async close() {
      await subscriber.close();
      redis.disconnect();
    },
  };
}

describe('live events of two deployments on one Redis server', () => {
  const closing: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closing) await close();
  });

  it('stay apart when only the database number differs (pub/sub ignores it)', async () => {
    const redis = loadApiConfig(testEnv(isolatedPrefix())).redis;
    const first = await deployment(redis);
    const second = await deployment({ ...redis, db: (redis.db + 1) % 16 });
    closing.push(first.close, second.close);

    // Each hears its own events (published until its subscription is up) ...
    await first.publishUntilHeard(101);
    await second.publishUntilHeard(202);
    // ... and never the other's, though both were subscribed before 103 went out.
    await first.publishUntilHeard(103);
    expect(second.heard).not.toContain(101);
    expect(second.heard).not.toContain(103);
    expect(first.heard).not.toContain(202);
  });
});
