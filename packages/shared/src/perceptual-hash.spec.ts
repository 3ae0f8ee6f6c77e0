import { describe, expect, it } from 'vitest';
import { hammingDistance, perceptualHash } from './perceptual-hash';

const gradient = (shift: number) =>
  Buffer.from(
    Array.from({ length: 32 * 32 }, (_, i) => ((i % 32) * 8 + (Math.floor(i / 32) * 3 + shift)) % 256),
  );

describe('perceptualHash', () => {
  it('gives 16 hex digits and tells a lightly changed image from a different one', () => {
    const base = perceptualHash(gradient(0));
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    const brighter = perceptualHash(Buffer.from(gradient(0).map((v) => Math.min(255, v + 4))));
    expect(hammingDistance(base, brighter)).toBeLessThanOrEqual(4);
    const flipped = perceptualHash(Buffer.from(gradient(0).reverse()));
    expect(hammingDistance(base, flipped)).toBeGreaterThan(16);
  });

  it('refuses input of the wrong size', () => {
    expect(() => perceptualHash(Buffer.alloc(10))).toThrow(/32×32/);
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('00000000000000f0', '0000000000000000')).toBe(4);
  });
});
