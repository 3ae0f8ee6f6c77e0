import { describe, expect, it } from 'vitest';
import { negotiateImageFormat } from './image-format';

const all = ['jpeg', 'webp', 'avif'];

describe('negotiateImageFormat', () => {
  it('prefers AVIF, then WebP, among the formats that exist', () => {
    const chrome = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
    expect(negotiateImageFormat(chrome, all)).toBe('avif');
    expect(negotiateImageFormat(chrome, ['jpeg', 'webp'])).toBe('webp');
    expect(negotiateImageFormat('image/webp,*/*', all)).toBe('webp');
  });
  it('honours q-values', () => {
    expect(negotiateImageFormat('image/avif;q=0.5, image/webp;q=0.9', all)).toBe('webp');
    expect(negotiateImageFormat('image/avif;q=0, image/webp', all)).toBe('webp');
    expect(negotiateImageFormat('image/jpeg, image/webp;q=0.4', all)).toBe('jpeg');
    expect(negotiateImageFormat('image/webp;q=0', all)).toBe('jpeg');
  });
  it('answers JPEG to wildcards, nonsense and no header', () => {
    expect(negotiateImageFormat('*/*', all)).toBe('jpeg');
    expect(negotiateImageFormat('image/*', all)).toBe('jpeg');
    expect(negotiateImageFormat('!!nonsense;;q=x', all)).toBe('jpeg');
    expect(negotiateImageFormat('image/webp;q=banana', all)).toBe('jpeg');
    expect(negotiateImageFormat(undefined, all)).toBe('jpeg');
    expect(negotiateImageFormat('*/*', ['webp'])).toBe('webp');
  });
});
