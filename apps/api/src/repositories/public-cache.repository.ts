import { createHash } from 'node:crypto';
import type { Logger, Redis, RedisConfig } from '@phoenix4ge/shared/node';
import { bumpPublicationVersion } from '@phoenix4ge/shared/node';
import type { AnswerSource } from './public-answer';
import { PublicAnswer } from './public-answer';
import type { PublicationVersions } from './publication-versions.repository';

/** A computed public response: the JSON body, and how long it may be kept at most (seconds). */
export interface CachedBody {
  body: string;
  maxAgeSeconds: number;
}

/**
 * How many bytes of answers (bodies and their compressed forms) each process keeps in memory, most recently used
 * first: a 60-item page is ~60 KB, so this holds a few hundred pages.
 */
const MEMORY_BYTES = 32 * 1024 * 1024;
const NEWLINE = 0x0a;

/** Deletes every Redis key starting with `prefix` (SCAN, a page at a time). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(
      cursor,
      'MATCH',
      `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
      'COUNT',
      500,
    );
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** `body` as UTF-8 bytes (a string is encoded once here); its ETag is the SHA-1 of those bytes. */
const answerOf = (body: string | Buffer, expiresAt: number, source?: AnswerSource) => {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new PublicAnswer(
    bytes,
    `"${createHash('sha1').update(bytes).digest('base64url')}"`,
    expiresAt,
    source,
  );
};

/**
 * The public API's responses, keyed by the model's publication version (see the event bus): every change that can
 * alter the public output bumps it, so a cached page is never served after a change; entries expire at the next
 * publication-window boundary (computed with the page) at the latest. Each request takes the version first;
 * the answer itself comes from this process's memory when it has it (with its ETag and compressed forms), else
 * from Redis (shared by every api process), else it is computed, once per process for concurrent identical
 * misses (single-flight). The version is read before the page is computed, so a page computed while a change
 * commits is stored under the version the change then leaves behind. Versions themselves are kept in memory while
 * the process hears every bump (publication-versions.repository.ts). Redis trouble never fails a request: the
 * page is computed without the cache. The TTL only bounds what a lost event could leave behind (image URLs die at
 * once regardless: they are checked when served).
 */
export function createPublicCacheRepository(
  redis: Redis,
  scope: Pick<RedisConfig, 'keyPrefix' | 'db'>,
  versions: PublicationVersions,
  logger: Logger,
  options: {
    ttlSeconds?: number;
    /**
     * Told how each read was answered: replayed (`current`), from memory, from Redis, computed (absent), or
     * computed uncached (error).
     */
    observe?: (what: string, result: 'replay' | 'memory' | 'redis' | 'absent' | 'error') => void;
  } = {},
) {
  const { keyPrefix } = scope;
  const ttlSeconds = options.ttlSeconds ?? 3600;
  const observe = options.observe ?? (() => undefined);
  const inFlight = new Map<string, Promise<PublicAnswer>>();
  const memory = new Map<string, { answer: PublicAnswer; bytes: number }>();
  let memoryBytes = 0;
  /** The version each model's remembered answers were read under: answers of an older one are dropped at once. */
  const rememberedVersions = new Map<number, string>();

  function forget(key: string) {
    const entry = memory.get(key);
    if (!entry) return;
    memory.delete(key);
    memoryBytes -= entry.bytes;
  }

  /** Remembers (or refreshes) an answer; its size is taken again each time, as compressed forms are added. */
  function remember(key: string, answer: PublicAnswer) {
    forget(key);
    const bytes = answer.bytes();
    memory.set(key, { answer, bytes });
    memoryBytes += bytes;
    while (memoryBytes > MEMORY_BYTES && memory.size > 1) forget(memory.keys().next().value as string);
  }

  function forgetModel(modelId: number) {
    const prefix = `${keyPrefix}:public:${modelId}:`;
    for (const key of [...memory.keys()]) if (key.startsWith(prefix)) forget(key);
  }

  /** A model's version moved: what this process remembers of it is stale for good, so it goes now. */
  function noteVersion(modelId: number, version: string) {
    if (rememberedVersions.get(modelId) === version) return;
    if (rememberedVersions.has(modelId)) forgetModel(modelId);
    if (rememberedVersions.size >= 10_000) rememberedVersions.clear();
    rememberedVersions.set(modelId, version);
  }

  function fromMemory(key: string): PublicAnswer | undefined {
    const answer = memory.get(key)?.answer;
    if (!answer) return undefined;
    if (answer.expiresAt <= Date.now()) {
      forget(key);
      return undefined;
    }
    return answer;
  }

  /**
   * Redis holds `<expiry in ms>\n<body>`, so every process expires the answer at the same boundary. Read and
   * written as bytes: a page as a JS string (~60 KB, twice that when a caption is not Latin-1) was flattened and
   * measured on every write, ~130 KB per miss allocated straight into V8's old generation.
   */
  async function fromRedis(source: AnswerSource): Promise<PublicAnswer | undefined> {
    const stored = await redis.getBuffer(source.key);
    if (stored === null) return undefined;
    const newline = stored.indexOf(NEWLINE);
    const expiresAt = Number(stored.toString('latin1', 0, Math.max(0, newline)));
    if (newline < 0 || !(expiresAt > Date.now())) return undefined;
    return answerOf(stored.subarray(newline + 1), expiresAt, source);
  }

  /** The answer, and its Redis copy being written (`written` never rejects). */
  async function computeAndStore(
    source: AnswerSource,
    compute: () => Promise<CachedBody>,
  ): Promise<{ answer: PublicAnswer; written: Promise<unknown> }> {
    const { body, maxAgeSeconds } = await compute();
    const seconds = Math.max(1, Math.min(ttlSeconds, maxAgeSeconds));
    const expiresAt = Date.now() + seconds * 1000;
    const answer = answerOf(body, expiresAt, source);
    const stored = Buffer.concat([Buffer.from(`${expiresAt}\n`), answer.body]);
    const written = redis
      .set(source.key, stored, 'PX', Math.ceil(seconds * 1000))
      .catch((error: unknown) => logger.debug({ err: error }, 'public cache not written'));
    return { answer, written };
  }

  const { version } = versions;

  return {
    /** The model's publication version (throws when Redis cannot answer). */
    version,

    /** Makes every cached answer of the model stale (a change no media event announces: a model archived). */
    async bump(modelId: number): Promise<void> {
      versions.forget(modelId);
      await bumpPublicationVersion(redis, scope, modelId).catch((error: unknown) =>
        logger.warn({ err: error }, 'publication version not bumped'),
      );
      // Again once done: a version read that went out before the bump may have been kept meanwhile.
      versions.forget(modelId);
    },

    /**
     * An erased model: its version moves (every process's remembered answers are stale at once) and its cached
     * answers are deleted from Redis and this process's memory.
     */
    async forgetModel(modelId: number): Promise<void> {
      versions.forget(modelId);
      await bumpPublicationVersion(redis, scope, modelId);
      versions.forget(modelId);
      const prefix = `${keyPrefix}:public:${modelId}:`;
      await deleteByPrefix(redis, prefix);
      forgetModel(modelId);
    },

    /**
     * Whether `answer` is still what a read of it would return from memory, decided without I/O: its model's
     * version is the one this process is sure of, and it is the remembered, unexpired answer of its key. True
     * counts as a replayed read.
     */
    current(answer: PublicAnswer): boolean {
      const { source } = answer;
      if (!source || versions.peek(source.modelId) !== source.version) return false;
      const entry = memory.get(source.key);
      if (entry?.answer !== answer || answer.expiresAt <= Date.now()) return false;
      // Most recently used, as a read would leave it.
      memory.delete(source.key);
      memory.set(source.key, entry);
      observe(source.what, 'replay');
      return true;
    },

    async read(modelId: number, what: string, compute: () => Promise<CachedBody>): Promise<PublicAnswer> {
      let key: string;
      let source: AnswerSource;
      try {
        const current = await version(modelId);
        noteVersion(modelId, current);
        key = `${keyPrefix}:public:${modelId}:${current}:${what}`;
        source = { modelId, version: current, key, what };
        const inMemory = fromMemory(key);
        const known = inMemory ?? (await fromRedis(source));
        if (known) {
          remember(key, known);
          observe(what, inMemory ? 'memory' : 'redis');
          return known;
        }
      } catch (error) {
        logger.debug({ err: error }, 'public cache not read');
        observe(what, 'error');
        const { body } = await compute();
        return answerOf(body, Date.now());
      }
      observe(what, 'absent');
      const shared = inFlight.get(key);
      if (shared) return shared;
      const stored = key;
      // The answer goes out as soon as it is computed; the key stays in flight until its Redis copy is written,
      // so a read that missed Redis meanwhile shares this computation instead of starting another.
      const computing = computeAndStore(source, compute).then(
        ({ answer, written }) => {
          remember(stored, answer);
          void written.finally(() => inFlight.delete(stored));
          return answer;
        },
        (error: unknown) => {
          inFlight.delete(stored);
          throw error;
        },
      );
      inFlight.set(stored, computing);
      return computing;
    },
  };
}

export type PublicCacheRepository = ReturnType<typeof createPublicCacheRepository>;
