/** A saved version's operations in words, for the history panel ("Cropped 960×1200 · Rotated 90° right · …"). */
import type { EditOperation } from '@phoenix4ge/shared';

const signed = (value: number, unit = '') => `${value > 0 ? '+' : ''}${value}${unit}`;
const percent = (multiplier: number) => signed(Math.round((multiplier - 1) * 100), '%');

export function describeOperation(operation: EditOperation): string {
  switch (operation.type) {
    case 'crop':
      if (operation.width !== undefined && operation.height !== undefined)
        return `Cropped to ${operation.width}×${operation.height}`;
      return `Cropped to ${operation.aspect ?? '1:1'}`;
    case 'rotate':
      if (operation.angle === 90) return 'Rotated 90° right';
      if (operation.angle === 180) return 'Rotated 180°';
      if (operation.angle === 270) return 'Rotated 90° left';
      return `Straightened ${signed(operation.angle, '°')}`;
    case 'flip':
      return 'Flipped vertically';
    case 'flop':
      return 'Flipped horizontally';
    case 'resize':
      return `Resized to fit ${operation.maxWidth ?? '∞'}×${operation.maxHeight ?? '∞'}`;
    case 'blur':
      return `Blur ${operation.amount}`;
    case 'sharpen':
      return `Sharpen ${operation.amount}`;
    case 'grayscale':
      return 'Black and white';
    case 'modulate': {
      const parts: string[] = [];
      if (operation.brightness !== undefined && operation.brightness !== 1)
        parts.push(`brightness ${percent(operation.brightness)}`);
      if (operation.saturation !== undefined && operation.saturation !== 1)
        parts.push(`saturation ${percent(operation.saturation)}`);
      if (operation.hue) parts.push(`hue ${signed(operation.hue, '°')}`);
      const text = parts.join(', ') || 'colour unchanged';
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
    case 'contrast':
      return `Contrast ${signed(operation.amount)}`;
    case 'watermark':
      return operation.enabled ? 'Watermark on' : 'Watermark off';
  }
}

export function describeOperations(operations: readonly EditOperation[]): string {
  return operations.length === 0 ? 'Original' : operations.map(describeOperation).join(' · ');
}
