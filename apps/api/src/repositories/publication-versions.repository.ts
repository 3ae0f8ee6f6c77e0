import type { Logger, Redis, RedisConfig } from '@phoenix4ge/shared/node';
import { createRedis, publicationChannel, publicationVersionKey } from '@phoenix4ge/shared/node';

/** Models whose version one process keeps; past this the map starts again (a portfolio platform has fewer). */
const MAX_MODELS = 10_000;

/**
 * The models' publication versions (what the public answers are cached under), read from Redis once and then
 * kept in memory for as long as this process hears every bump: each bump also names the model on the
 * publication channel (event-bus.ts), which drops the kept version. While the subscription is down (start,
 * reconnect) nothing is kept and every read asks Redis, as before; a reconnect forgets everything, since bumps
 * may have been missed meanwhile (or Redis restarted and the versions began again).
 *
 * A read that was in flight when any bump arrived is answered but not kept: its value may predate the bump.
 * Another process's change reaches this one as fast as Redis delivers the message (well under a millisecond on
 * a LAN); this process's own bumps drop the version at once (`forget`).
 */
export function createPublicationVersions(
  command: Redis,
  config: RedisConfig,
  logger: Logger,
  options: { connect?: () => Redis } = {},
) {
  const known = new Map<number, string>();
  /** Counts bumps heard and reconnects, so a read can tell whether one happened while it waited. */
  let changes = 0;
  let listening = false;
  let subscriber: Redis | undefined;
  let closed = false;

  function forgetAll() {
    known.clear();
    changes += 1;
  }

  function subscribe() {
    if (subscriber || closed) return;
    const redis = (options.connect ?? (() => createRedis(config, 'blocking', 'p4g-publication')))();
    subscriber = redis;
    redis.on('error', (error) => logger.debug({ err: error }, 'publication subscriber connection error'));
    redis.on('message', (_channel: string, message: string) => {
      known.delete(Number(message));
      changes += 1;
    });
    redis.on('close', () => {
      listening = false;
      forgetAll();
    });
    redis.on('ready', () => {
      redis
        .subscribe(publicationChannel(config))
        .then(() => {
          if (redis.status !== 'ready' || closed) return;
          forgetAll();
          listening = true;
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'publication subscription failed'));
    });
  }

  return {
    /** The model's publication version (throws when Redis cannot answer). */
    async version(modelId: number): Promise<string> {
      subscribe();
      if (listening) {
        const kept = known.get(modelId);
        if (kept !== undefined) return kept;
      }
      const before = changes;
      const version = (await command.get(publicationVersionKey(config.keyPrefix, modelId))) ?? '0';
      if (listening && changes === before) {
        if (known.size >= MAX_MODELS) known.clear();
        known.set(modelId, version);
      }
      return version;
    },

    /** The version kept in memory, if this process is sure of it (it hears every bump); no I/O. */
    peek(modelId: number): string | undefined {
      return listening ? known.get(modelId) : undefined;
    },

    /** This process moved the model's version: drop it now rather than when the announcement comes back. */
    forget(modelId: number): void {
      known.delete(modelId);
      changes += 1;
    },

    close(): void {
      closed = true;
      listening = false;
      known.clear();
      subscriber?.disconnect();
    },
  };
}

export type PublicationVersions = ReturnType<typeof createPublicationVersions>;
