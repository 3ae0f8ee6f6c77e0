import type { Redis } from '@phoenix4ge/shared/node';
import {
  bumpPublicationVersion,
  createLogger,
  createRedis,
  publicationChannel,
  publicationVersionKey,
  waitForRedis,
} from '@phoenix4ge/shared/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../src/env';
import type { PublicationVersions } from '../src/repositories/publication-versions.repository';
import { createPublicationVersions } from '../src/repositories/publication-versions.repository';
import { isolatedPrefix, testEnv } from './support/harness';

const logger = createLogger({ name: 'publication-versions-test', level: 'warn' });
const MODEL = 7;

describe('publication versions kept in memory', () => {
  const config = loadApiConfig(testEnv(isolatedPrefix())).redis;
  const key = publicationVersionKey(config.keyPrefix, MODEL);
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
    await other.del(key);
    command.disconnect();
    other.disconnect();
  });

  /** Sets the version and announces it, as a bump does. */
  const announceSet = async (value: string) => {
    await other.multi().set(key, value).publish(publicationChannel(config), String(MODEL)).exec();
  };

  /**
   * Reads until the version is kept (the subscription may still be connecting): a silent change in Redis, with no
   * announcement, is then not seen.
   */
  async function readUntilKept(expected: string) {
    await expect
      .poll(
        async () => {
          const read = await versions.version(MODEL);
          await other.set(key, '999');
          const kept = (await versions.version(MODEL)) === read;
          await other.set(key, expected);
          return read === expected && kept;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
  }

  it('hears a bump made by another process and reads the new version', async () => {
    await announceSet('5');
    await readUntilKept('5');
    await bumpPublicationVersion(other, config, MODEL);
    await expect.poll(() => versions.version(MODEL)).toBe('6');
  });

  it('forgets what it kept when its subscription drops, and asks Redis until it listens again', async () => {
    await announceSet('10');
    await readUntilKept('10');
    // A bump that cannot be heard: the subscription is cut first, then the version moves without announcement.
    subscriber?.disconnect(true);
    await other.set(key, '11');
    await expect.poll(() => versions.version(MODEL)).toBe('11');
  });

  it('drops a version this process moved at once', async () => {
    await announceSet('20');
    await readUntilKept('20');
    await other.set(key, '21');
    versions.forget(MODEL);
    expect(await versions.version(MODEL)).toBe('21');
  });
});
