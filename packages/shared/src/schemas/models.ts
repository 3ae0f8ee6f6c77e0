import { z } from 'zod';
import { moderationProviderNames } from '../enums';

/** A model's public handle: lowercase letters, digits and single hyphens, 2–64 characters. */
export const ModelSlugSchema = z
  .string()
  .trim()
  .min(2, { error: 'A slug has at least 2 characters' })
  .max(64, { error: 'A slug has at most 64 characters' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'Use lowercase letters, digits and single hyphens (no hyphen at the start or end)',
  });

export const watermarkPositions = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'center'] as const;
export const variantFormats = ['webp', 'jpeg', 'avif'] as const;
export type VariantFormat = (typeof variantFormats)[number];

const score = z.number().min(0).max(1);

export const ModelSettingsSchema = z.object({
  watermark: z
    .object({
      enabled: z.boolean().default(false),
      /** Drawn on lg and xl variants; null uses the model's display name. */
      text: z.string().trim().max(100).nullable().default(null),
      /** A picture from the model's own library (a logo, ideally a PNG with transparency) used instead of text. */
      imageMediaId: z.number().int().positive().nullable().default(null),
      position: z.enum(watermarkPositions).default('bottom-right'),
      opacity: score.default(0.5),
    })
    .prefault({}),
  moderation: z
    .object({
      /** null: the provider configured for the deployment. */
      provider: z.enum(moderationProviderNames).nullable().default(null),
      /** Off: images the policy would approve wait for a person instead. */
      autoApprove: z.boolean().default(true),
      /** Reject when Porn + Hentai reaches this. */
      rejectAt: score.default(0.85),
      /** Flag for a person when Porn + Hentai reaches this … */
      flagAt: score.default(0.5),
      /** … or when Sexy reaches this. */
      flagSexyAt: score.default(0.7),
    })
    .prefault({})
    .refine((policy) => policy.flagAt <= policy.rejectAt, {
      error: 'The flag threshold must not be above the reject threshold',
      path: ['flagAt'],
    }),
  variants: z
    .object({
      /** Formats produced for every preset; AVIF is opt-in because it costs 10–20× the others. */
      formats: z
        .array(z.enum(variantFormats))
        .min(1)
        .refine((formats) => new Set(formats).size === formats.length, { error: 'Each format once' })
        .default(['webp', 'jpeg']),
    })
    .prefault({}),
});
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;
export const defaultModelSettings: ModelSettings = ModelSettingsSchema.parse({});

export const ModelDisplayNameSchema = z.string().trim().min(1, { error: 'A name is required' }).max(191);

export const CreateModelSchema = z.object({
  slug: ModelSlugSchema,
  displayName: ModelDisplayNameSchema,
});
export type CreateModel = z.infer<typeof CreateModelSchema>;

export const UpdateModelSchema = z.object({
  displayName: ModelDisplayNameSchema.optional(),
  settings: ModelSettingsSchema.optional(),
});
export type UpdateModel = z.infer<typeof UpdateModelSchema>;

/** `models.erase`: the slug typed again, so a model is never erased by a slip. */
export const EraseModelSchema = z.object({ confirm: z.string().max(64) });
export type EraseModel = z.infer<typeof EraseModelSchema>;

/** A model's GDPR export as the SPA lists it (the link itself is shown once, when requested). */
export interface ModelExportView {
  id: number;
  status: 'queued' | 'running' | 'ready' | 'failed' | 'expired';
  bytes: number | null;
  error: string | null;
  createdAt: Date;
  completedAt: Date | null;
  expiresAt: Date;
}

/** What `models.export` answers: the export and its download link (valid once ready, until `expiresAt`). */
export interface RequestedExport {
  export: ModelExportView;
  url: string;
}
