import { z } from 'zod';

/**
 * The public gallery API's contract (`GET /api/public/:modelSlug/gallery` and `/categories`): what the portfolio
 * site reads, no login. Browser-safe.
 */

export const PUBLIC_PAGE_DEFAULT = 24;
export const PUBLIC_PAGE_MAX = 100;

/** Query strings arrive as text: numbers are parsed strictly, anything else is a 400. */
const positiveInt = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, { error: 'a positive whole number' })
  .transform(Number);

export const PublicGalleryQuerySchema = z.object({
  /** A category id of the model: its items in the manual order; without it, every public item newest first. */
  category: positiveInt.optional(),
  cursor: z.string().min(1).max(512).optional(),
  limit: positiveInt
    .refine((limit) => limit <= PUBLIC_PAGE_MAX, { error: `at most ${PUBLIC_PAGE_MAX}` })
    .optional(),
});
export type PublicGalleryQuery = z.infer<typeof PublicGalleryQuerySchema>;

/** `srcset` strings (`<url> <width>w, …`) per format: AVIF only when the model makes it. */
export const PublicSrcsetSchema = z.object({
  avif: z.string().optional(),
  webp: z.string().optional(),
  jpeg: z.string().optional(),
});

export const PublicCategorySchema = z.object({ id: z.number(), name: z.string(), color: z.string() });

export const PublicItemSchema = z.object({
  id: z.number(),
  alt: z.string(),
  caption: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  dominantColor: z.string().nullable(),
  /** ThumbHash, base64. */
  placeholder: z.string().nullable(),
  /** 0–1 from the left and top; null: centre. */
  focalPoint: z.object({ x: z.number(), y: z.number() }).nullable(),
  category: PublicCategorySchema.nullable(),
  srcset: PublicSrcsetSchema,
  /** A default `sizes` for a responsive grid. */
  sizes: z.string(),
  /** A middle-sized image for `<img src>`. */
  src: z.string(),
});
export type PublicItem = z.infer<typeof PublicItemSchema>;

export const PublicGalleryPageSchema = z.object({
  items: z.array(PublicItemSchema),
  nextCursor: z.string().nullable(),
});
export type PublicGalleryPage = z.infer<typeof PublicGalleryPageSchema>;

export const PublicCategoriesSchema = z.object({
  /** Whose portfolio it is: the model's display name, for a page title. */
  model: z.object({ slug: z.string(), name: z.string() }),
  categories: z.array(PublicCategorySchema.extend({ count: z.number() })),
});
export type PublicCategories = z.infer<typeof PublicCategoriesSchema>;

export const PUBLIC_DEFAULT_SIZES = '(min-width: 1200px) 33vw, (min-width: 768px) 50vw, 100vw';
