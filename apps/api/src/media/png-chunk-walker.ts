import { crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The PNG specification's ceiling on a chunk's length (2^31 − 1). */
const MAX_CHUNK_LENGTH = 0x7fffffff;
const CHUNK_TYPE = /^[A-Za-z]{4}$/;

/** What the chunk walk found, once the last byte has been seen. */
export type PngWalk =
  /** The bytes do not start with the PNG signature: the walk has nothing to say. */
  | { state: 'not-png' }
  /** Every chunk through IEND is whole and every critical chunk's CRC is right. */
  | { state: 'complete'; badAncillary: string[] }
  /** The bytes stop before IEND is whole (a chunk cut off, or no IEND at all): only a decode can tell more. */
  | { state: 'ends-early'; badAncillary: string[]; lastChunk: string | undefined }
  /** A critical chunk fails its CRC, or a chunk header is impossible. `detail` is for the logs. */
  | { state: 'damaged'; detail: string };

/**
 * Walks a PNG's chunks as its bytes stream past (any piece sizes, nothing kept but an 8-byte field): checks the
 * signature, each chunk's length and type, and each chunk's CRC-32, computed incrementally with zlib.crc32.
 * Critical chunks (type starting with a capital letter: IHDR, PLTE, IDAT, IEND) must match their CRC; a bad CRC in
 * an ancillary chunk (tEXt, pHYs, iCCP, eXIf…) is only listed, because libpng's default, which libvips follows with
 * the worker's `failOn: 'error'`, is to warn and drop such a chunk and decode the picture anyway. Bytes after IEND
 * are ignored, as libpng ignores them.
 */
export class PngChunkWalker {
  private phase: 'signature' | 'header' | 'data' | 'crc' | 'ended' | 'stopped' = 'signature';
  private readonly field = Buffer.alloc(8);
  private fieldLength = 0;
  /** Bytes walked so far (for the logs' "at byte N"). */
  private position = 0;
  private chunkStart = 0;
  private chunkType: string | undefined;
  private remaining = 0;
  private crc = 0;
  private fault: string | undefined;
  private notPng = false;
  private readonly badAncillary: string[] = [];

  update(piece: Buffer): void {
    let at = 0;
    while (at < piece.length && this.phase !== 'ended' && this.phase !== 'stopped') {
      if (this.phase === 'data') {
        const take = Math.min(this.remaining, piece.length - at);
        this.crc = crc32(piece.subarray(at, at + take), this.crc);
        this.remaining -= take;
        if (this.remaining === 0) this.phase = 'crc';
        at += take;
        this.position += take;
        continue;
      }
      const need = this.phase === 'crc' ? 4 : 8;
      const take = Math.min(need - this.fieldLength, piece.length - at);
      piece.copy(this.field, this.fieldLength, at, at + take);
      this.fieldLength += take;
      at += take;
      this.position += take;
      if (this.fieldLength === need) {
        this.fieldLength = 0;
        this.fieldComplete();
      }
    }
  }

  private fieldComplete(): void {
    if (this.phase === 'signature') {
      if (this.field.equals(SIGNATURE)) this.phase = 'header';
      else this.stop(undefined);
    } else if (this.phase === 'header') {
      this.chunkHeader();
    } else if (this.phase === 'crc') {
      this.chunkEnd();
    }
  }

  private chunkHeader(): void {
    this.chunkStart = this.position - 8;
    const length = this.field.readUInt32BE(0);
    const type = this.field.toString('latin1', 4, 8);
    if (!CHUNK_TYPE.test(type)) {
      this.stop(`PNG chunk at byte ${this.chunkStart} has no valid type`);
    } else if (length > MAX_CHUNK_LENGTH) {
      this.stop(`PNG chunk ${type} at byte ${this.chunkStart} declares an impossible length (${length})`);
    } else {
      this.chunkType = type;
      this.crc = crc32(this.field.subarray(4, 8));
      this.remaining = length;
      this.phase = length === 0 ? 'crc' : 'data';
    }
  }

  private chunkEnd(): void {
    const type = this.chunkType ?? '';
    if (this.field.readUInt32BE(0) !== this.crc) {
      if (isCritical(type)) {
        this.stop(`PNG chunk ${type} at byte ${this.chunkStart} fails its CRC check`);
        return;
      }
      this.badAncillary.push(type);
    }
    this.phase = type === 'IEND' ? 'ended' : 'header';
  }

  private stop(fault: string | undefined): void {
    this.phase = 'stopped';
    if (fault) this.fault = fault;
    else this.notPng = true;
  }

  /** The verdict on the bytes seen so far (call once the stream has ended). */
  result(): PngWalk {
    if (this.notPng) return { state: 'not-png' };
    if (this.fault) return { state: 'damaged', detail: this.fault };
    if (this.phase === 'ended') return { state: 'complete', badAncillary: [...this.badAncillary] };
    return { state: 'ends-early', badAncillary: [...this.badAncillary], lastChunk: this.chunkType };
  }
}

/** PNG spec 5.4: bit 5 of a chunk type's first byte is 0 (an upper-case letter) for critical chunks. */
function isCritical(type: string): boolean {
  return (type.charCodeAt(0) & 0x20) === 0;
}
