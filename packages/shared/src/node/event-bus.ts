import { EventEmitter, on } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppEvent, EventName, EventOf } from '../events';
import { eventRegistry, parseAppEvent } from '../events';
import type { RedisConfig } from './config';
import { createRedis } from './redis';

export function eventsChannel(keyPrefix: string): string {
  return `${keyPrefix}:events`;
}

/** Publishes one registered event to every api instance. */
export async function publishEvent<N extends EventName>(
  redis: Redis,
  keyPrefix: string,
  name: N,
  payload: EventOf<N>,
): Promise<void> {
  const parsed = eventRegistry[name].parse(payload);
  await redis.publish(eventsChannel(keyPrefix), JSON.stringify({ name, payload: parsed, at: Date.now() }));
}

/**
 * One Redis subscription per process, fanned out in-process: tRPC subscriptions iterate `events(signal)`.
 * Malformed or unknown messages are logged and dropped.
 */
export class EventSubscriber {
  private readonly emitter = new EventEmitter();
  private readonly redis: Redis;

  constructor(
    config: RedisConfig,
    private readonly logger: Logger,
  ) {
    this.emitter.setMaxListeners(0);
    this.redis = createRedis(config, 'blocking', 'p4g-events');
    this.redis.on('error', (error) => this.logger.debug({ err: error }, 'event subscriber connection error'));
    this.redis.on('message', (_channel: string, message: string) => this.dispatch(message));
    void this.redis.subscribe(eventsChannel(config.keyPrefix)).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'event subscription failed; it is retried on reconnect');
    });
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
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async *events(signal: AbortSignal | undefined): AsyncGenerator<AppEvent> {
    try {
      for await (const [event] of on(this.emitter, 'event', { signal })) yield event as AppEvent;
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    this.redis.disconnect();
  }
}
