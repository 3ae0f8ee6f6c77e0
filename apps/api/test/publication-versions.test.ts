import type { Redis } from '@phoenix4ge/shared/node';
import {
  bumpPublicationVersion,
  createLogger,
  createRedis,
  publicationVersionKey,
  waitForRedis,
} from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../src/env';
import type { PublicationVersions } from '../src/repositories/publication-versions.repository';
import { createPublicationVersions } from '../src/repositories/publication-versions.repository';
import { isolatedPrefix, testEnv } from './support/harness';

const logger = createLogger({ name: 'publication-versions-test', level: 'warn' });

/**
 * Each test has its own model, set without announcement before anything reads it: no announcement from an earlier
 * step can arrive late and drop what a test has just seen kept.
 */
const MODELS = { memory: 7, bump: 8, reconnect: 9, forget: 10 } as const;

describe('publication versions kept in memory', () => {
  const config = loadApiConfig(testEnv(isolatedPrefix())).redis;
  const key = (model: number) => publicationVersionKey(config.keyPrefix, model);
  let command: Redis;
  let other: Redis;
  let subscriber: Redis | undefined;
  let versions: PublicationVersions;

  beforeAll(async () => {
    command = createRedis(config, 'command', 'publication-versions-test');
    other = createRedis(config, 'command', 'publication-versions-test-other');
    await Promise.all([waitForRedis(command, 5000), waitForRedis(other, 5000)]);
    versions = createPublicationVersions(command, config, logger, {
      connect: () => {
        subscriber = createRedis(config, 'blocking', 'publication-versions-test-subscriber');
        return subscriber;
      },
    });
  });
  afterAll(async () => {
    versions.close();
    await other.del(...Object.values(MODELS).map(key));
    command.disconnect();
    other.disconnect();
  });

  /**
   * Reads until the version is kept (the subscription may still be connecting). `peek` answers from memory only,
   * so the probe writes nothing: one that set a silent value and put it back could have its own value kept when
   * the subscription came up between its reads, and nothing would ever drop it.
   */
  async function readUntilKept(model: number, expected: string) {
    await expect
      .poll(
        async () => {
          await versions.version(model);
          return versions.peek(model);
        },
        { timeout: 10_000 },
      )
      .toBe(expected);
  }

  it('answers a kept version from memory: a change nobody announced is not seen', async () => {
    await other.set(key(MODELS.memory), '3');
    await readUntilKept(MODELS.memory, '3');
    await other.set(key(MODELS.memory), '4');
    expect(await versions.version(MODELS.memory)).toBe('3');
  });

  it('hears a bump made by another process and reads the new version', async () => {
    await other.set(key(MODELS.bump), '5');
    await readUntilKept(MODELS.bump, '5');
    await bumpPublicationVersion(other, config, MODELS.bump);
    await expect.poll(() => versions.version(MODELS.bump)).toBe('6');
  });

  it('forgets what it kept when its subscription drops, and asks Redis until it listens again', async () => {
    await other.set(key(MODELS.reconnect), '10');
    await readUntilKept(MODELS.reconnect, '10');
    // A bump that cannot be heard: the subscription is cut first, then the version moves without announcement.
    subscriber?.disconnect(true);
    await other.set(key(MODELS.reconnect), '11');
    await expect.poll(() => versions.version(MODELS.reconnect)).toBe('11');
  });

  it('drops a version this process moved at once', async () => {
    await other.set(key(MODELS.forget), '20');
    await readUntilKept(MODELS.forget, '20');
    await other.set(key(MODELS.forget), '21');
    versions.forget(MODELS.forget);
    expect(await versions.version(MODELS.forget)).toBe('21');
  });
});
