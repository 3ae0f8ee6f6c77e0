import type { Media, Model } from '@phoenix4ge/db';
import { describe, expect, it } from 'vitest';
import type { WatermarkSources } from './watermark';
import { watermarkPlan } from './watermark';

const model = (settings: unknown) => ({ id: 3, displayName: 'Ava Stone', settings }) as unknown as Model;
const sources = (logo?: Partial<Media>): WatermarkSources => ({
  logo: async () => logo as Media | undefined,
  originalPath: async () => '/originals/logo.png',
  maxPixels: 1e6,
});

describe('watermarkPlan', () => {
  it('is off unless WATERMARK_ENABLED or the model turns it on', async () => {
    expect(await watermarkPlan(model({}), false, sources())).toBeUndefined();
    expect(await watermarkPlan(model({}), true, sources())).toEqual({
      kind: 'text',
      text: 'Ava Stone',
      gravity: 'southeast',
      opacity: 0.5,
    });
  });

  it('uses the model’s text, position and opacity', async () => {
    const plan = await watermarkPlan(
      model({ watermark: { enabled: true, text: '© AS', position: 'top-left', opacity: 0.8 } }),
      false,
      sources(),
    );
    expect(plan).toEqual({ kind: 'text', text: '© AS', gravity: 'northwest', opacity: 0.8 });
  });

  it('uses the picture when set, and falls back to text when it has left the library', async () => {
    const settings = { watermark: { enabled: true, imageMediaId: 9, position: 'center' } };
    expect(await watermarkPlan(model(settings), false, sources({ id: 9 }))).toMatchObject({
      kind: 'image',
      imagePath: '/originals/logo.png',
      gravity: 'centre',
    });
    expect(await watermarkPlan(model(settings), false, sources(undefined))).toMatchObject({
      kind: 'text',
      text: 'Ava Stone',
    });
  });
});
