import { describe, expect, it } from 'vitest';
import { variantFormats } from './schemas/models';
import { originalKey, parseStorageKey, variantKey } from './storage-keys';
import { variantPresetNames } from './variants';

const sha = 'ab'.repeat(32);

describe('storage keys', () => {
  it('parses every key it builds back into its parts', () => {
    expect(parseStorageKey(originalKey(7, sha, 'tif'))).toEqual({
      kind: 'original',
      modelId: 7,
      sha256: sha,
      extension: 'tif',
      contentType: 'image/tiff',
    });
    for (const preset of variantPresetNames) {
      for (const format of variantFormats) {
        expect(parseStorageKey(variantKey(3, 42, 2, preset, format))).toEqual({
          kind: 'variant',
          modelId: 3,
          mediaId: 42,
          version: 2,
          preset,
          format,
          crop: undefined,
          contentType: `image/${format}`,
        });
      }
    }
  });

  it('names a re-rendered crop in the key', () => {
    const key = variantKey(3, 42, 0, 'thumb', 'webp', 'f7');
    expect(key).toBe('variants/3/42/0/thumb-f7.webp');
    expect(parseStorageKey(key)).toMatchObject({
      kind: 'variant',
      preset: 'thumb',
      crop: 'f7',
      format: 'webp',
    });
    expect(() => variantKey(3, 42, 0, 'thumb', 'webp', '../x')).toThrow();
  });

  it('stores JPEG variants as .jpg', () => {
    expect(variantKey(1, 2, 0, 'md', 'jpeg')).toBe('variants/1/2/0/md.jpg');
  });

  it('refuses keys it would never build', () => {
    for (const key of [
      '',
      'originals/7/ab/short.jpg',
      `originals/7/cd/${sha}.jpg`, // the shard is not the hash's first two digits
      `originals/7/ab/${sha}.exe`,
      `originals/7/ab/${sha}.jpg/extra`,
      'variants/1/2/0/huge.webp',
      'variants/1/2/0/md.jpeg',
      'variants/1/2/0/md.png',
      'variants/1/2/0/md-.webp',
      'variants/1/2/0/md-A1.webp',
      'variants/x/2/0/md.webp',
      'variants/1/2/../md.webp',
      '../variants/1/2/0/md.webp',
      '/variants/1/2/0/md.webp',
    ]) {
      expect(parseStorageKey(key), key).toBeUndefined();
    }
  });

  it('refuses to build a key from anything but a hex hash and a known extension', () => {
    expect(() => originalKey(1, 'not-a-hash', 'jpg')).toThrow();
    expect(() => originalKey(1, sha, 'html')).toThrow();
  });
});
