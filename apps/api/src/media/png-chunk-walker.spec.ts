import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkOf, makeChunk, withBadCrc, withChunkAfter } from '../../test/support/png-chunks';
import { fixture } from '../../test/support/uploads';
import { PngChunkWalker } from './png-chunk-walker';

/** Walks `data` in pieces of `size` bytes (0: in one piece), as a stream would hand it over. */
function walk(data: Buffer, size = 0) {
  const walker = new PngChunkWalker();
  if (size === 0) walker.update(data);
  else for (let at = 0; at < data.length; at += size) walker.update(data.subarray(at, at + size));
  return walker.result();
}

describe('PNG chunk walker', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await sharp(fixture('blackbug.png')).resize(120).png().toBuffer();
  });

  it('judges the real PNG fixtures alike whatever the piece sizes', () => {
    const expected: Record<string, string> = {
      'basi2c08.png': 'complete',
      'basn6a16.png': 'complete',
      'tbbn3p08.png': 'complete',
      'iss634.apng': 'complete',
      'blackbug.png': 'complete',
      'xcsn0g01.png': 'damaged',
      'png-truncated.png': 'ends-early',
      'truncated.png': 'ends-early',
      'xs1n0g01.png': 'not-png',
    };
    for (const [name, state] of Object.entries(expected)) {
      const data = fixture(name);
      for (const size of [0, 1, 7, 4096]) expect(walk(data, size).state, `${name} in ${size}`).toBe(state);
    }
    expect(walk(fixture('xcsn0g01.png'))).toMatchObject({ detail: expect.stringMatching(/IDAT.*CRC/) });
  });

  it('refuses a bad CRC in any critical chunk and lists bad ancillary ones', () => {
    for (const type of ['IHDR', 'IDAT', 'IEND']) {
      expect(walk(withBadCrc(png, type), 3), type).toMatchObject({
        state: 'damaged',
        detail: expect.stringContaining(`${type} at byte ${chunkOf(png, type).offset}`),
      });
    }
    const text = withChunkAfter(png, 'IHDR', makeChunk('tEXt', Buffer.from('Comment\0hello', 'latin1')));
    expect(walk(text)).toEqual({ state: 'complete', badAncillary: [] });
    expect(walk(withBadCrc(text, 'tEXt'), 5)).toEqual({ state: 'complete', badAncillary: ['tEXt'] });
  });

  it('tells a file that ends early, and ignores bytes after IEND', () => {
    const iend = chunkOf(png, 'IEND');
    expect(walk(png.subarray(0, png.length - 2))).toMatchObject({ state: 'ends-early', lastChunk: 'IEND' });
    expect(walk(png.subarray(0, iend.offset))).toMatchObject({ state: 'ends-early', lastChunk: 'IDAT' });
    expect(walk(png.subarray(0, iend.offset - 100))).toMatchObject({
      state: 'ends-early',
      lastChunk: 'IDAT',
    });
    expect(walk(Buffer.concat([png, Buffer.from('trailing junk')]))).toMatchObject({ state: 'complete' });
  });

  it('refuses impossible chunk headers', () => {
    const long = Buffer.from(png);
    long.writeUInt32BE(0x80000000, chunkOf(png, 'IDAT').offset);
    expect(walk(long)).toMatchObject({
      state: 'damaged',
      detail: expect.stringMatching(/impossible length/),
    });
    const garbage = Buffer.from(png);
    garbage.write('ID\u0000T', chunkOf(png, 'IDAT').offset + 4, 'latin1');
    expect(walk(garbage)).toMatchObject({ state: 'damaged', detail: expect.stringMatching(/no valid type/) });
  });
});
