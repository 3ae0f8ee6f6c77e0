import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** Where a cached answer lives: its model, the publication version it was read under, and its cache key. */
export interface AnswerSource {
  modelId: number;
  version: string;
  key: string;
  what: string;
}

/** Below this a compressed body saves less than the header costs. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A cached public answer as served: the JSON body as bytes, its ETag, when it expires, and its compressed forms,
 * each made once on first use and kept with the answer (so a cached page costs no encoding or compression per
 * request: a string body would be encoded to UTF-8 again on every send).
 */
export class PublicAnswer {
  private readonly encoded = new Map<Exclude<ContentEncoding, 'identity'>, Buffer>();
  constructor(
    /** The JSON body as UTF-8 bytes. */
    readonly body: Buffer,
    readonly etag: string,
    readonly expiresAt: number,
    /** Absent for an answer computed while the cache could not be read (never kept). */
    readonly source?: AnswerSource,
  ) {}

  /** What this answer holds in memory: the body and the compressed forms made so far. */
  bytes(): number {
    let total = this.body.length;
    for (const bytes of this.encoded.values()) total += bytes.length;
    return total;
  }

  /** The encoding actually used for `wanted` (small bodies are sent as they are). */
  encodingFor(wanted: ContentEncoding): ContentEncoding {
    return wanted !== 'identity' && this.body.length >= COMPRESS_FROM_BYTES ? wanted : 'identity';
  }

  /** The ETag of one encoding: each representation has its own, as a strong ETag must. */
  etagFor(encoding: ContentEncoding): string {
    return encoding === 'identity' ? this.etag : `${this.etag.slice(0, -1)}-${encoding}"`;
  }

  bodyFor(encoding: ContentEncoding): Buffer {
    if (encoding === 'identity') return this.body;
    let bytes = this.encoded.get(encoding);
    if (!bytes) {
      bytes =
        encoding === 'br'
          ? brotliCompressSync(this.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
          : gzipSync(this.body);
      this.encoded.set(encoding, bytes);
    }
    return bytes;
  }
}
