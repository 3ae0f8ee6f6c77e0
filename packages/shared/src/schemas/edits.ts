/**
 * Non-destructive edits: the operation list a saved version applies to the upright original, shared by the api
 * (validation), the worker and the api's preview (rendering, `node/imaging/edit-operations.ts`) and the SPA's
 * editor. Browser-safe: zod only.
 *
 * Order: the geometric operations (crop, rotate, flip, flop, resize) apply in the listed order, each in the
 * pixels of the image the previous one produced (a leading crop is in upright original pixels). The filters
 * (blur, sharpen, grayscale, modulate, contrast) then apply in their listed order to the result, with strengths
 * relative to the image's size so a variant, the preview and the full render look alike. `watermark` only says
 * whether this item's large variants carry the model's watermark.
 */
import { z } from 'zod';

export const MAX_EDIT_OPERATIONS = 20;
export const MAX_EDIT_DIMENSION = 10_000;

/** Aspect presets of the crop, width ÷ height. */
export const cropAspects = { '1:1': 1, '4:5': 4 / 5, '3:2': 3 / 2, '2:3': 2 / 3, '16:9': 16 / 9 } as const;
export type CropAspect = keyof typeof cropAspects;
const cropAspectNames = Object.keys(cropAspects) as [CropAspect, ...CropAspect[]];

const pixel = z.number().int().min(0).max(MAX_EDIT_DIMENSION);
const unit = z.number().min(0).max(1);

/**
 * A rectangle in the pixels of the image at this point, or the largest rectangle of an aspect preset placed with
 * its centre at `x`, `y` (0–1, default the middle) and scaled by `scale` (default 1), kept inside the image.
 */
export const CropOperationSchema = z
  .object({
    type: z.literal('crop'),
    left: pixel.optional(),
    top: pixel.optional(),
    width: pixel.min(1).optional(),
    height: pixel.min(1).optional(),
    aspect: z.enum(cropAspectNames).optional(),
    x: unit.optional(),
    y: unit.optional(),
    scale: z.number().gt(0).max(1).optional(),
  })
  .superRefine((crop, context) => {
    const rect = [crop.left, crop.top, crop.width, crop.height];
    const someRect = rect.some((value) => value !== undefined);
    if (someRect && rect.some((value) => value === undefined)) {
      for (const key of ['left', 'top', 'width', 'height'] as const) {
        if (crop[key] === undefined)
          context.addIssue({
            code: 'custom',
            path: [key],
            message: 'A crop rectangle needs left, top, width and height',
          });
      }
    }
    if (!someRect && crop.aspect === undefined)
      context.addIssue({
        code: 'custom',
        path: ['aspect'],
        message: 'A crop needs a rectangle or an aspect',
      });
  });

/** 90, 180 or 270 (clockwise), or a fine angle within ±45° that keeps the largest upright rectangle. */
export const RotateOperationSchema = z.object({
  type: z.literal('rotate'),
  angle: z
    .number()
    .min(-45)
    .max(270)
    .refine((angle) => angle === 90 || angle === 180 || angle === 270 || (angle >= -45 && angle <= 45), {
      message: 'The angle is 90, 180, 270 or between -45 and 45',
    }),
});

export const FlipOperationSchema = z.object({ type: z.literal('flip') });
export const FlopOperationSchema = z.object({ type: z.literal('flop') });

/** Fits inside the box, never enlarging. */
export const ResizeOperationSchema = z
  .object({
    type: z.literal('resize'),
    maxWidth: z.number().int().min(1).max(MAX_EDIT_DIMENSION).optional(),
    maxHeight: z.number().int().min(1).max(MAX_EDIT_DIMENSION).optional(),
  })
  .refine((resize) => resize.maxWidth !== undefined || resize.maxHeight !== undefined, {
    message: 'A resize needs maxWidth or maxHeight',
    path: ['maxWidth'],
  });

/** The seed's 0–100 blur scale (see `blurSigma`). */
export const BlurOperationSchema = z.object({ type: z.literal('blur'), amount: z.number().min(0).max(100) });
export const SharpenOperationSchema = z.object({
  type: z.literal('sharpen'),
  amount: z.number().min(0).max(100),
});
export const GrayscaleOperationSchema = z.object({ type: z.literal('grayscale') });
/** Brightness and saturation are multipliers (1 unchanged); hue turns the colour wheel in degrees. */
export const ModulateOperationSchema = z.object({
  type: z.literal('modulate'),
  brightness: z.number().min(0).max(3).optional(),
  saturation: z.number().min(0).max(3).optional(),
  hue: z.number().min(-180).max(180).optional(),
});
/** −100 (flat grey) … 0 (unchanged) … 100 (twice the contrast), around middle grey. */
export const ContrastOperationSchema = z.object({
  type: z.literal('contrast'),
  amount: z.number().min(-100).max(100),
});
export const WatermarkOperationSchema = z.object({ type: z.literal('watermark'), enabled: z.boolean() });

export const EditOperationSchema = z.discriminatedUnion('type', [
  CropOperationSchema,
  RotateOperationSchema,
  FlipOperationSchema,
  FlopOperationSchema,
  ResizeOperationSchema,
  BlurOperationSchema,
  SharpenOperationSchema,
  GrayscaleOperationSchema,
  ModulateOperationSchema,
  ContrastOperationSchema,
  WatermarkOperationSchema,
]);
export type EditOperation = z.infer<typeof EditOperationSchema>;
export type EditOperationType = EditOperation['type'];

export const EditOperationsSchema = z.array(EditOperationSchema).max(MAX_EDIT_OPERATIONS, {
  message: `At most ${MAX_EDIT_OPERATIONS} operations`,
});

export const geometricOperationTypes = new Set<EditOperationType>([
  'crop',
  'rotate',
  'flip',
  'flop',
  'resize',
]);
export const isGeometric = (operation: EditOperation) => geometricOperationTypes.has(operation.type);

/**
 * The seed's blur (0–100) as a Gaussian sigma in pixels of an image whose longer side is `longSide`: 0 is no
 * blur, 100 is a sigma of 2 % of the longer side (40 px on a 2,000 px image), linear in between, never below
 * libvips's minimum of 0.3.
 */
export function blurSigma(amount: number, longSide: number): number {
  if (amount <= 0) return 0;
  return Math.max(0.3, (amount / 100) * 0.02 * longSide);
}

/** Sharpen (0–100) as an unsharp-mask sigma for an image whose longer side is `longSide`. */
export function sharpenSigma(amount: number, longSide: number): number {
  if (amount <= 0) return 0;
  return Math.max(0.3, Math.min(10, (0.5 + (amount / 100) * 2.5) * Math.max(1, longSide / 2000)));
}

export interface Size {
  width: number;
  height: number;
}

export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The largest axis-aligned rectangle inside a `size` image turned by `degrees` (its centre stays put). */
export function largestUprightRect(size: Size, degrees: number): Size {
  const exact = largestUprightRectExact(size, degrees);
  if (exact.width === size.width && exact.height === size.height) return { ...size };
  return { width: Math.max(1, Math.floor(exact.width)), height: Math.max(1, Math.floor(exact.height)) };
}

/** `largestUprightRect` before rounding down to whole pixels (the renderer keeps a margin inside it). */
export function largestUprightRectExact(size: Size, degrees: number): Size {
  const angle = (Math.abs(degrees) * Math.PI) / 180;
  if (angle === 0) return { ...size };
  const { width, height } = size;
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const sin = Math.sin(angle);
  const cos = Math.cos(angle);
  if (short <= 2 * sin * cos * long || Math.abs(sin - cos) < 1e-10) {
    // Half-constrained: two corners of the rectangle touch the longer sides.
    const x = 0.5 * short;
    return width >= height ? { width: x / sin, height: x / cos } : { width: x / cos, height: x / sin };
  }
  const cos2 = cos * cos - sin * sin;
  return { width: (width * cos - height * sin) / cos2, height: (height * cos - width * sin) / cos2 };
}

/** The bounding box of a `size` image turned by `degrees` (not rounded). */
export function rotatedBounds(size: Size, degrees: number): Size {
  const angle = (degrees * Math.PI) / 180;
  const sin = Math.abs(Math.sin(angle));
  const cos = Math.abs(Math.cos(angle));
  return { width: size.width * cos + size.height * sin, height: size.width * sin + size.height * cos };
}

/** The rectangle a crop keeps of a `size` image (an aspect crop resolved to pixels, always inside the image). */
export function cropRect(crop: z.infer<typeof CropOperationSchema>, size: Size): PixelRect {
  if (
    crop.left !== undefined &&
    crop.top !== undefined &&
    crop.width !== undefined &&
    crop.height !== undefined
  )
    return { left: crop.left, top: crop.top, width: crop.width, height: crop.height };
  const ratio = cropAspects[crop.aspect ?? '1:1'];
  const scale = crop.scale ?? 1;
  let width = size.width;
  let height = Math.round(width / ratio);
  if (height > size.height) {
    height = size.height;
    width = Math.round(height * ratio);
  }
  width = Math.max(1, Math.min(size.width, Math.round(width * scale)));
  height = Math.max(1, Math.min(size.height, Math.round(height * scale)));
  const centre = (at: number | undefined, whole: number, part: number) =>
    Math.min(whole - part, Math.max(0, Math.round((at ?? 0.5) * whole - part / 2)));
  return {
    left: centre(crop.x, size.width, width),
    top: centre(crop.y, size.height, height),
    width,
    height,
  };
}

/** The size a resize produces (fits inside, never enlarges). */
export function resizedSize(resize: z.infer<typeof ResizeOperationSchema>, size: Size): Size {
  const factor = Math.min(
    1,
    resize.maxWidth ? resize.maxWidth / size.width : 1,
    resize.maxHeight ? resize.maxHeight / size.height : 1,
  );
  return {
    width: Math.max(1, Math.round(size.width * factor)),
    height: Math.max(1, Math.round(size.height * factor)),
  };
}

export interface GeometryProblem {
  /** Path inside the operation list, for a 400 that names the field (`[2, 'width']`). */
  path: (string | number)[];
  message: string;
}

/**
 * Walks the geometric operations over an upright `size` image: the size after each operation and the problems
 * (a crop outside the image). The api refuses a list with problems; the renderer and the SPA use the sizes.
 */
export function editGeometry(operations: readonly EditOperation[], size: Size) {
  const sizes: Size[] = [];
  const problems: GeometryProblem[] = [];
  let current = { ...size };
  operations.forEach((operation, index) => {
    switch (operation.type) {
      case 'crop': {
        const rect = cropRect(operation, current);
        if (rect.left + rect.width > current.width)
          problems.push({
            path: [index, rect.left >= current.width ? 'left' : 'width'],
            message: `The crop goes past the right edge of the ${current.width}×${current.height} image`,
          });
        if (rect.top + rect.height > current.height)
          problems.push({
            path: [index, rect.top >= current.height ? 'top' : 'height'],
            message: `The crop goes past the bottom edge of the ${current.width}×${current.height} image`,
          });
        current = {
          width: Math.max(1, Math.min(rect.width, current.width - rect.left)),
          height: Math.max(1, Math.min(rect.height, current.height - rect.top)),
        };
        break;
      }
      case 'rotate':
        if (operation.angle === 90 || operation.angle === 270)
          current = { width: current.height, height: current.width };
        else if (operation.angle !== 180) current = largestUprightRect(current, operation.angle);
        break;
      case 'resize':
        current = resizedSize(operation, current);
        break;
      default:
        break;
    }
    sizes.push(current);
  });
  return { size: current, sizes, problems };
}

/** Whether this item's large variants carry the watermark: the last `watermark` operation, else the model's. */
export function watermarkOverride(operations: readonly EditOperation[]): boolean | undefined {
  for (let index = operations.length - 1; index >= 0; index -= 1) {
    const operation = operations[index];
    if (operation?.type === 'watermark') return operation.enabled;
  }
  return undefined;
}

// --- The edits router's inputs and answers -------------------------------------------------------------------

export const EditApplyInputSchema = z.object({
  mediaId: z.number().int().positive(),
  /** The version the editor started from; an older one than the current is a CONFLICT. */
  baseVersion: z.number().int().min(0),
  operations: EditOperationsSchema,
});
export type EditApplyInput = z.infer<typeof EditApplyInputSchema>;

export const EditRevertInputSchema = z.object({
  mediaId: z.number().int().positive(),
  baseVersion: z.number().int().min(0),
  toVersion: z.number().int().min(0),
});

export const EditPreviewInputSchema = z.object({
  mediaId: z.number().int().positive(),
  operations: EditOperationsSchema,
  /** The preview's longer side; at most 1200. */
  maxSize: z.number().int().min(64).max(1200).default(1200),
});

export const editVersionStatuses = ['rendering', 'ready', 'failed'] as const;
export type EditVersionStatus = (typeof editVersionStatuses)[number];

/** One version in the history (0 is the original as uploaded). */
export interface EditVersionView {
  version: number;
  operations: EditOperation[];
  authorEmail: string | null;
  createdAt: Date;
  status: EditVersionStatus;
  moderationStatus: string;
  /** The version's thumbnail while its variants are kept (the last 10 versions and the public one). */
  thumbUrl: string | null;
  current: boolean;
  /** The version the public site shows (the last approved). */
  public: boolean;
  /** Made by "revert to": the version it copied. */
  revertedFrom: number | null;
}
