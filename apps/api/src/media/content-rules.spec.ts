import { describe, expect, it } from 'vitest';
import { checkEnd, looksLikeDamagedImage, sanitizeFilename } from './content-rules';

describe('upload content rules', () => {
  it('keeps only a safe base name', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\photos\\shoot\u0000\u0007.jpg')).toBe('shoot.jpg');
    expect(sanitizeFilename('')).toBe('unnamed');
    expect(sanitizeFilename(undefined)).toBe('unnamed');
    expect(sanitizeFilename('x'.repeat(400))).toHaveLength(255);
  });

  it('recognises damaged signatures of allowed formats', () => {
    expect(looksLikeDamagedImage(Buffer.from('\u0009PNG\r\n\u001a\n', 'latin1'))).toBe(true);
    expect(looksLikeDamagedImage(Buffer.from('%PDF-1.4', 'latin1'))).toBe(false);
  });

  it('checks how files end', () => {
    expect(checkEnd('image/gif', Buffer.from('GIF89a'), Buffer.from([1, 2, 0x3b, 0, 0]), 5)).toBe('complete');
    expect(checkEnd('image/gif', Buffer.from('GIF89a'), Buffer.from([1, 2, 3]), 3)).toBe('truncated');
    expect(checkEnd('image/jpeg', Buffer.from([0xff, 0xd8]), Buffer.from([1, 0xff, 0xd9]), 3)).toBe(
      'complete',
    );
    expect(checkEnd('image/jpeg', Buffer.from([0xff, 0xd8]), Buffer.from([1, 0xff, 0xd9, 0, 0xff]), 5)).toBe(
      'complete',
    );
    expect(checkEnd('image/jpeg', Buffer.from([0xff, 0xd8]), Buffer.from([1, 2]), 3)).toBe('unsure');
    // An EOI inside the file (an EXIF thumbnail's) says nothing about the end: a decode decides.
    expect(checkEnd('image/jpeg', Buffer.from([0xff, 0xd8]), Buffer.from([0xff, 0xd9, 1]), 3)).toBe('unsure');
    const webp = Buffer.alloc(12);
    webp.write('RIFF', 0, 'latin1');
    webp.writeUInt32LE(100, 4);
    expect(checkEnd('image/webp', webp, webp, 50)).toBe('truncated');
    expect(checkEnd('image/webp', webp, webp, 108)).toBe('complete');
  });
});
