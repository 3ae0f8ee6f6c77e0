import { createRequire } from 'node:module';
import type { Model } from '@phoenix4ge/db';
import { ModelSettingsSchema } from '@phoenix4ge/shared';
import type { WatermarkGravity } from './sharp';
import { textOverlay } from './sharp';

const fontfile = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const gravityOf: Record<string, WatermarkGravity> = {
  'top-left': 'northwest',
  'top-right': 'northeast',
  'bottom-left': 'southwest',
  'bottom-right': 'southeast',
  center: 'centre',
};

export interface WatermarkPlan {
  text: string;
  gravity: WatermarkGravity;
  opacity: number;
}

/** The watermark for this model, when WATERMARK_ENABLED or the model's setting turns it on. */
export function watermarkPlan(model: Model, deploymentWide: boolean): WatermarkPlan | undefined {
  const { watermark } = ModelSettingsSchema.parse(model.settings);
  if (!deploymentWide && !watermark.enabled) return undefined;
  return {
    text: watermark.text ?? model.displayName,
    gravity: gravityOf[watermark.position] ?? 'southeast',
    opacity: watermark.opacity,
  };
}

/** The overlay image for a variant `width` wide (text scaled to the image). */
export async function watermarkOverlay(plan: WatermarkPlan, width: number) {
  return { image: await textOverlay(plan.text, fontfile, width, plan.opacity), gravity: plan.gravity };
}
