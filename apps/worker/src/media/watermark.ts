import { createRequire } from 'node:module';
import type { Media, Model } from '@phoenix4ge/db';
import { ModelSettingsSchema } from '@phoenix4ge/shared';
import type { WatermarkGravity } from './sharp';
import { imageOverlay, textOverlay } from './sharp';

const fontfile = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const gravityOf: Record<string, WatermarkGravity> = {
  'top-left': 'northwest',
  'top-right': 'northeast',
  'bottom-left': 'southwest',
  'bottom-right': 'southeast',
  center: 'centre',
};

export type WatermarkPlan = {
  gravity: WatermarkGravity;
  opacity: number;
} & ({ kind: 'text'; text: string } | { kind: 'image'; imagePath: string; maxPixels: number });

export interface WatermarkSources {
  /** The model's logo item, when it is still in its library. */
  logo(model: Model, mediaId: number): Promise<Media | undefined>;
  /** A readable local path of an original (released when the job ends). */
  originalPath(item: Media): Promise<string>;
  maxPixels: number;
}

/**
 * The watermark for this model, when WATERMARK_ENABLED or the model's setting turns it on: the model's logo
 * picture when one is set and still there, else the text (the display name by default).
 */
export async function watermarkPlan(
  model: Model,
  deploymentWide: boolean,
  sources: WatermarkSources,
): Promise<WatermarkPlan | undefined> {
  const { watermark } = ModelSettingsSchema.parse(model.settings);
  if (!deploymentWide && !watermark.enabled) return undefined;
  const placement = { gravity: gravityOf[watermark.position] ?? 'southeast', opacity: watermark.opacity };
  const logo = watermark.imageMediaId ? await sources.logo(model, watermark.imageMediaId) : undefined;
  if (logo) {
    return {
      ...placement,
      kind: 'image',
      imagePath: await sources.originalPath(logo),
      maxPixels: sources.maxPixels,
    };
  }
  return { ...placement, kind: 'text', text: watermark.text ?? model.displayName };
}

/** Overlays for a plan, rendered once per variant width. */
export function watermarkOverlays(plan: WatermarkPlan) {
  const byWidth = new Map<number, Promise<Buffer>>();
  return async (width: number) => {
    let image = byWidth.get(width);
    if (!image) {
      image =
        plan.kind === 'image'
          ? imageOverlay(plan.imagePath, plan.maxPixels, width, plan.opacity)
          : textOverlay(plan.text, fontfile, width, plan.opacity);
      byWidth.set(width, image);
    }
    return { image: await image, gravity: plan.gravity };
  };
}
