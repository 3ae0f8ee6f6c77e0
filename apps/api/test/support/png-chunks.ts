import { crc32 } from 'node:zlib';

/** Damaged PNGs made from good ones, for the upload's chunk checks (no binary fixtures needed). */

export interface PngChunk {
  /** Offset of the chunk's length field. */
  offset: number;
  length: number;
  type: string;
}

/** The chunks of a whole PNG, in order. */
export function pngChunks(png: Buffer): PngChunk[] {
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    chunks.push({ offset, length, type: png.toString('latin1', offset + 4, offset + 8) });
    offset += 12 + length;
  }
  return chunks;
}

export function chunkOf(png: Buffer, type: string): PngChunk {
  const found = pngChunks(png).find((chunk) => chunk.type === type);
  if (!found) throw new Error(`the PNG has no ${type} chunk`);
  return found;
}

/** A copy with one bit of the first `type` chunk's CRC flipped. */
export function withBadCrc(png: Buffer, type: string): Buffer {
  const chunk = chunkOf(png, type);
  const copy = Buffer.from(png);
  const at = chunk.offset + 8 + chunk.length;
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/** A chunk with its right CRC. */
export function makeChunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])), 0);
  return Buffer.concat([header, data, crc]);
}

/** A copy with `chunk` inserted right after the first `afterType` chunk. */
export function withChunkAfter(png: Buffer, afterType: string, chunk: Buffer): Buffer {
  const after = chunkOf(png, afterType);
  const at = after.offset + 12 + after.length;
  return Buffer.concat([png.subarray(0, at), chunk, png.subarray(at)]);
}

/**
 * A copy whose compressed pixel data cannot be inflated (its zlib header is broken) but whose CRC is recomputed to
 * match: damage a CRC cannot see.
 */
export function withBrokenPixelsAndRightCrc(png: Buffer): Buffer {
  const idat = chunkOf(png, 'IDAT');
  const copy = Buffer.from(png);
  const zlibHeader = idat.offset + 8;
  copy[zlibHeader] = (copy[zlibHeader] ?? 0) ^ 0x01;
  const body = copy.subarray(idat.offset + 4, idat.offset + 8 + idat.length);
  copy.writeUInt32BE(crc32(body), idat.offset + 8 + idat.length);
  return copy;
}
