import { createHash } from 'node:crypto';
import type { TransformCallback } from 'node:stream';
import { Transform } from 'node:stream';
import { PngChunkWalker } from './png-chunk-walker';

const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 64 * 1024;

export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than the ${Math.round(limit / 1024 / 1024)} MB limit`);
  }
}

/**
 * Watches an upload stream on its way to disk: SHA-256, byte count, the first and last 64 KB (for type
 * detection and truncation checks), a PNG chunk walk (CRCs and structure; idle for other types), and the size limit. Past the limit it passes nothing on but keeps reading,
 * so a multipart request can go on to its next file; `tooLarge` then says so.
 */
export class UploadInspector extends Transform {
  readonly hash = createHash('sha256');
  readonly png = new PngChunkWalker();
  bytes = 0;
  private headChunks: Buffer[] = [];
  private headLength = 0;
  private tailChunks: Buffer[] = [];
  private tailLength = 0;

  constructor(private readonly maxBytes: number) {
    // A few socket reads may queue before the socket pauses; the spool writer behind it (spool-file-writer.ts)
    // copies each at once and makes them wait only while both its staging buffers are being written.
    super({ highWaterMark: 96 * 1024 });
  }

  get tooLarge(): boolean {
    return this.bytes > this.maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.tooLarge) {
      done();
      return;
    }
    this.hash.update(chunk);
    this.png.update(chunk);
    if (this.headLength < HEAD_BYTES) {
      this.headChunks.push(chunk.subarray(0, HEAD_BYTES - this.headLength));
      this.headLength += Math.min(chunk.length, HEAD_BYTES - this.headLength);
    }
    this.tailChunks.push(chunk);
    this.tailLength += chunk.length;
    while (this.tailChunks.length > 1 && this.tailLength - (this.tailChunks[0]?.length ?? 0) >= TAIL_BYTES) {
      this.tailLength -= this.tailChunks.shift()?.length ?? 0;
    }
    done(null, chunk);
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  get tail(): Buffer {
    const all = Buffer.concat(this.tailChunks);
    return all.subarray(Math.max(0, all.length - TAIL_BYTES));
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }
}
