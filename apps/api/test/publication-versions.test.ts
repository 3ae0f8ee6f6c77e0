import type { ChildProcess } from 'node:child_process';
import type { Events, Redis } from '@phoenix4ge/shared/node';
import {
  bumpPublicationVersion,
  createEvents,
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
import { freePort } from './support/ports';
import { startRedis, stopRedis } from './support/redis';

const logger = createLogger({ name: 'publication-versions-test', level: 'warn' });

/**
 * Each test has its own model, set without announcement before anything reads it: no announcement from an earlier
 * step can arrive late and drop what a test has just seen kept.
 */
const MODELS = { memory: 7, bump: 8, reconnect: 9, forget: 10 } as const;

/**
 * Reads until the version is kept (the subscription may still be connecting). `peek` answers from memory only,
 * so the probe writes nothing: one that set a silent value and put it back could have its own value kept when
 * the subscription came up between its reads, and nothing would ever drop it.
 */
async function keptVersion(versions: PublicationVersions, model: number, expected: string) {
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

  const readUntilKept = (model: number, expected: string) => keptVersion(versions, model, expected);

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

/**
 * The process's own media events move the version too. Its subscription here is on another Redis server, so no
 * announcement ever comes back: what the next read sees is what the publishing process told itself.
 */
describe('publication versions after this process publishes a media event', () => {
  const config = loadApiConfig(testEnv(isolatedPrefix())).redis;
  const key = (model: number) => publicationVersionKey(config.keyPrefix, model);
  const model = { event: 31, window: 32 } as const;
  let elsewhere: ChildProcess;
  let command: Redis;
  let versions: PublicationVersions;
  let events: Events;

  beforeAll(async () => {
    const port = await freePort();
    elsewhere = await startRedis(port);
    command = createRedis(config, 'command', 'publication-versions-own-test');
    await waitForRedis(command, 5000);
    versions = createPublicationVersions(command, config, logger, {
      connect: () => createRedis({ ...config, port }, 'blocking', 'publication-versions-deaf-subscriber'),
    });
    events = createEvents(command, config, logger, (modelId) => versions.forget(modelId));
  });
  afterAll(async () => {
    versions.close();
    await command.del(...Object.values(model).map(key));
    command.disconnect();
    await stopRedis(elsewhere);
  });

  async function keptAt(modelId: number, value: string) {
    await command.set(key(modelId), value);
    await keptVersion(versions, modelId, value);
  }

  it('reads the new version right after a media event it published (a gallery read after a change)', async () => {
    await keptAt(model.event, '3');
    events.mediaChanged(model.event, 1, 'updated');
    expect(await versions.version(model.event)).toBe('4');
  });

  it('reads the new version right after it announced a publication change (a window ended)', async () => {
    await keptAt(model.window, '7');
    await events.publicationChanged(model.window);
    expect(await versions.version(model.window)).toBe('8');
  });
});
