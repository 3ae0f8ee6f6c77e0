import { z } from 'zod';
import { moderationStatuses } from '../enums';
import { ModelSlugSchema } from './models';

/** nsfwjs's five classes; each score 0–1, summing to 1. */
export const nsfwClasses = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;
export type NsfwClass = (typeof nsfwClasses)[number];

const score = z.number().min(0).max(1);
export const ModerationScoresSchema = z.partialRecord(z.enum(nsfwClasses), score);
export type ModerationScoresInput = z.infer<typeof ModerationScoresSchema>;

/** A person's decision (or a provider's verdict) in the words of the queue. */
export const moderationDecisions = ['approve', 'reject', 'flag'] as const;
export type ModerationDecision = (typeof moderationDecisions)[number];
export const decisionStatus = {
  approve: 'approved',
  reject: 'rejected',
  flag: 'flagged',
} as const satisfies Record<ModerationDecision, (typeof moderationStatuses)[number]>;

/** The reason a person's decision is recorded with: theirs, or "Approved by <who>". */
export function decisionReason(decision: ModerationDecision, who: string, reason?: string): string {
  const status = decisionStatus[decision];
  return reason?.trim() || `${status[0]?.toUpperCase()}${status.slice(1)} by ${who}`;
}

// ---- The external provider's HTTP contract (what the `http` provider sends and what its webhook delivers) ----

/** `POST MODERATION_API_ENDPOINT` with `Authorization: Bearer MODERATION_API_KEY`; answered 2xx `{ id }`. */
export const ProviderSubmissionSchema = z.object({
  /** Our moderation request id, echoed back in the webhook. */
  reference: z.string().min(1).max(100),
  mediaId: z.number().int().positive(),
  image: z.object({ contentType: z.string().max(100), base64: z.string().min(1) }),
  callbackUrl: z.url(),
});
export type ProviderSubmission = z.infer<typeof ProviderSubmissionSchema>;

export const ProviderSubmissionAnswerSchema = z.object({ id: z.string().min(1).max(255) });

export const ModerationWebhookType = {
  Completed: 'moderation.completed',
  Failed: 'moderation.failed',
} as const;

const webhookData = {
  /** The provider's id for the submission (its answer to the submission). */
  requestId: z.string().min(1).max(255),
  /** Our reference from the submission. */
  reference: z.string().min(1).max(100),
  mediaId: z.number().int().positive(),
  /** When the provider produced this result: a result older than the one applied is recorded, not applied. */
  occurredAt: z.iso.datetime({ offset: true }),
};

/** The body of `POST /api/moderation-webhooks/result` (Standard Webhooks signed). */
export const ModerationWebhookSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal(ModerationWebhookType.Completed),
    data: z.object({
      ...webhookData,
      /** The provider's own decision, when it makes one; otherwise the model's policy decides from the scores. */
      verdict: z.enum(moderationDecisions).optional(),
      scores: ModerationScoresSchema.default({}),
      labels: z.array(z.string().max(100)).max(50).default([]),
      model: z.string().max(100).optional(),
    }),
  }),
  z.object({
    type: z.literal(ModerationWebhookType.Failed),
    data: z.object({ ...webhookData, error: z.string().max(1000) }),
  }),
]);
export type ModerationWebhook = z.infer<typeof ModerationWebhookSchema>;

/** Largest webhook body accepted (a result is a few hundred bytes). */
export const MODERATION_WEBHOOK_MAX_BYTES = 64 * 1024;

// ---- The moderation queue (tRPC) ----

export const ModerationQueueInputSchema = z.object({
  /** Without a model: every model's queue (admins only). */
  modelSlug: ModelSlugSchema.optional(),
  statuses: z.array(z.enum(moderationStatuses)).min(1).default(['pending', 'flagged']),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ModerationQueueInput = z.infer<typeof ModerationQueueInputSchema>;

export const ModerationDecideInputSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(200),
  decision: z.enum(moderationDecisions),
  reason: z.string().trim().max(500).optional(),
});
export type ModerationDecideInput = z.infer<typeof ModerationDecideInputSchema>;
