import { EventEmitter, on } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppEvent, EventName, EventOf } from '../events';
import { eventRegistry, parseAppEvent } from '../events';
import type { NearDuplicate } from '../schemas/media';
import type { RedisConfig } from './config';
import { createRedis, deploymentScope } from './redis';

/**
 * The live events channel of one deployment. Redis pub/sub ignores the database number, so two installations on
 * one server with different databases and the same key prefix would hear each other: the channel names both.
 */
export function eventsChannel(redis: Pick<RedisConfig, 'keyPrefix' | 'db'>): string {
  return `${deploymentScope(redis)}:events`;
}

/**
 * The Redis key of a model's library version: bumped with every event about its media (an item changed, many
 * at once, a bulk job's progress), so anything cached about the library (facet counts) is keyed by it and a
 * change makes it stale at once.
 */
export function libraryVersionKey(keyPrefix: string, modelId: number): string {
  return `${keyPrefix}:library:${modelId}:version`;
}

/**
 * The Redis key of a model's publication version: what the public gallery API caches under. Bumped with the
 * library version (every change to the model's media or categories can change the public output) and by what
 * changes publication without a media event (a model archived, a publication window ending).
 */
export function publicationVersionKey(keyPrefix: string, modelId: number): string {
  return `${keyPrefix}:publication:${modelId}:version`;
}

/**
 * The channel that names a model (its id as the message) each time its publication version moves, so api
 * processes can keep the versions they read in memory and drop one the moment it moves (public-versions).
 */
export function publicationChannel(redis: Pick<RedisConfig, 'keyPrefix' | 'db'>): string {
  return `${deploymentScope(redis)}:publication`;
}

/** Moves a model's publication version and announces it, in one MULTI (the announcement cannot be lost alone). */
export async function bumpPublicationVersion(
  redis: Redis,
  scope: Pick<RedisConfig, 'keyPrefix' | 'db'>,
  modelId: number,
): Promise<void> {
  await redis
    .multi()
    .incr(publicationVersionKey(scope.keyPrefix, modelId))
    .publish(publicationChannel(scope), String(modelId))
    .exec();
}

const libraryEvents = new Set<EventName>(['media.changed', 'library.changed', 'bulk.progress']);

/**
 * Publishes one registered event to every api instance. An event about a model's media bumps that model's
 * library and publication versions in the same MULTI, before the message goes out.
 */
async function publishEvent<N extends EventName>(
  redis: Redis,
  scope: Pick<RedisConfig, 'keyPrefix' | 'db'>,
  name: N,
  payload: EventOf<N>,
  bumped: (modelId: number) => void,
): Promise<void> {
  const { keyPrefix } = scope;
  const parsed = eventRegistry[name].parse(payload);
  const message = JSON.stringify({ name, payload: parsed, at: Date.now() });
  const modelId = (parsed as { modelId?: unknown }).modelId;
  if (libraryEvents.has(name) && typeof modelId === 'number') {
    const sent = redis
      .multi()
      .incr(libraryVersionKey(keyPrefix, modelId))
      .incr(publicationVersionKey(keyPrefix, modelId))
      .publish(publicationChannel(scope), String(modelId))
      .publish(eventsChannel(scope), message)
      .exec();
    await announceBump(sent, modelId, bumped);
    return;
  }
  await redis.publish(eventsChannel(scope), message);
}

/**
 * Tells this process of its own bump twice: once the MULTI is queued (a version read after that goes out behind
 * it on the same connection) and once it is done (a read that went out before it may have kept the old version).
 * Without it a request right after the change could be answered from the old version until the publication
 * channel's message came back (a CI run: a bulk window cleared, the gallery read at once still lacked the items).
 */
async function announceBump(sent: Promise<unknown>, modelId: number, bumped: (modelId: number) => void) {
  bumped(modelId);
  try {
    await sent;
  } finally {
    bumped(modelId);
  }
}

/**
 * Events, for every app: nothing else publishes on Redis. Publishing is best effort (a lost event only delays a
 * live update; the SPA refetches on reconnect), so `publish` never throws and never makes its caller wait.
 * `bumped` hears every publication-version bump this process makes (the api drops its kept version).
 */
export function createEvents(
  redis: Redis,
  scope: Pick<RedisConfig, 'keyPrefix' | 'db'>,
  logger: Logger,
  bumped: (modelId: number) => void = () => undefined,
) {
  function publish<N extends EventName>(name: N, payload: EventOf<N>): void {
    publishEvent(redis, scope, name, payload, bumped).catch((error: unknown) =>
      logger.debug({ err: error, event: name }, 'event not published'),
    );
  }
  return {
    publish,
    mediaChanged(modelId: number, mediaId: number, change: EventOf<'media.changed'>['change']): void {
      publish('media.changed', { modelId, mediaId, change });
    },
    /** The worker found items of the same model that look like `mediaId` (closest first). */
    mediaNearDuplicates(modelId: number, mediaId: number, items: NearDuplicate[]): void {
      publish('media.near-duplicates', { modelId, mediaId, items });
    },
    /** The model's public output changed with no media event (a publication window ended): its cache is stale. */
    async publicationChanged(modelId: number): Promise<void> {
      await announceBump(bumpPublicationVersion(redis, scope, modelId), modelId, bumped).catch(
        (error: unknown) => logger.warn({ err: error, modelId }, 'publication version not bumped'),
      );
    },
  };
}

export type Events = ReturnType<typeof createEvents>;

/**
 * One Redis subscription per process, fanned out in-process: tRPC subscriptions iterate `events(signal)`.
 * It subscribes on `listen()` (the api server, at start) or first use, so a process that never listens (the
 * CLI) opens no subscription.
 * Malformed or unknown messages are logged and dropped.
 */
export class EventSubscriber {
  private readonly emitter = new EventEmitter();
  private redis: Redis | undefined;
  private closed = false;

  constructor(
    private readonly config: RedisConfig,
    private readonly logger: Logger,
  ) {
    this.emitter.setMaxListeners(0);
  }

  listen(): void {
    this.connect();
  }

  private connect(): void {
    if (this.redis || this.closed) return;
    const redis = createRedis(this.config, 'blocking', 'p4g-events');
    redis.on('error', (error) => this.logger.debug({ err: error }, 'event subscriber connection error'));
    redis.on('message', (_channel: string, message: string) => this.dispatch(message));
    // Subscribed at every `ready`, never queued while connecting: a SUBSCRIBE queued before the connection was up
    // was seen to resolve while the server never subscribed the client (ioredis 5.11, a benchmark's listener),
    // which would leave this process deaf to live events. Subscribing again after a reconnect is harmless.
    redis.on('ready', () => {
      redis.subscribe(eventsChannel(this.config)).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'event subscription failed; it is retried on reconnect');
      });
    });
    this.redis = redis;
  }

  private dispatch(message: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(message);
    } catch {
      this.logger.warn('dropped an event that is not JSON');
      return;
    }
    const event = parseAppEvent(raw);
    if (!event) {
      this.logger.warn({ raw }, 'dropped an unknown or malformed event');
      return;
    }
    this.emitter.emit('event', event);
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.connect();
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async *events(signal: AbortSignal | undefined): AsyncGenerator<AppEvent> {
    this.connect();
    try {
      for await (const [event] of on(this.emitter, 'event', { signal })) yield event as AppEvent;
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    this.redis?.disconnect();
  }
}
