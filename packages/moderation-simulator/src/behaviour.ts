import type { ModerationDecision, ModerationScoresInput, ModerationWebhook } from '@phoenix4ge/shared';
import { ModerationWebhookType, moderationDecisions } from '@phoenix4ge/shared';
import { z } from 'zod';

/**
 * How the simulated provider answers:
 * - `normal`: one `moderation.completed` event;
 * - `fail`: the submission itself answers 503, nothing is called back;
 * - `error`: 202, then a `moderation.failed` event;
 * - `timeout`: 202, then never a callback;
 * - `duplicate`: the same event (same webhook-id, same body) delivered twice;
 * - `out-of-order`: two completed events for the request, the newer one (configured verdict) delivered before the
 *   older one (5 s earlier `occurredAt`, opposite verdict);
 * - `wrong-signature`: one completed event signed with a different, random secret.
 */
export const simulatorModes = [
  'normal',
  'fail',
  'error',
  'timeout',
  'duplicate',
  'out-of-order',
  'wrong-signature',
] as const;
export type SimulatorMode = (typeof simulatorModes)[number];

export const BehaviourSchema = z.object({
  verdict: z.enum(moderationDecisions),
  mode: z.enum(simulatorModes),
  /** Wait before the (first) callback. */
  delayMs: z.number().int().min(0).max(600_000),
});
export type Behaviour = z.infer<typeof BehaviourSchema>;

export const defaultBehaviour: Behaviour = { verdict: 'approve', mode: 'normal', delayMs: 50 };

/** `PUT /control/behaviour`: any part of the behaviour; with `mediaId` it applies to that media only. */
export const BehaviourUpdateSchema = BehaviourSchema.partial()
  .extend({ mediaId: z.number().int().positive().optional() })
  .strict();

export const MODEL_NAME = 'simulator-1';

/** nsfwjs-style scores (summing to 1) that the default model policy turns into the same verdict. */
const scoresByVerdict: Record<ModerationDecision, Required<ModerationScoresInput>> = {
  approve: { Neutral: 0.92, Drawing: 0.05, Sexy: 0.02, Porn: 0.005, Hentai: 0.005 },
  flag: { Sexy: 0.8, Neutral: 0.12, Porn: 0.04, Drawing: 0.02, Hentai: 0.02 },
  reject: { Porn: 0.95, Hentai: 0.02, Sexy: 0.02, Neutral: 0.005, Drawing: 0.005 },
};

const labelsByVerdict: Record<ModerationDecision, string[]> = {
  approve: [],
  flag: ['suggestive'],
  reject: ['explicit_nudity'],
};

export function scoresFor(verdict: ModerationDecision): Required<ModerationScoresInput> {
  return { ...scoresByVerdict[verdict] };
}

export function labelsFor(verdict: ModerationDecision): string[] {
  return [...labelsByVerdict[verdict]];
}

/** The stale result of `out-of-order`: approve ↔ reject, flag → approve. */
export function oppositeVerdict(verdict: ModerationDecision): ModerationDecision {
  return verdict === 'approve' ? 'reject' : 'approve';
}

export interface RequestContext {
  requestId: string;
  reference: string;
  mediaId: number;
}

export function completedEvent(
  request: RequestContext,
  verdict: ModerationDecision,
  occurredAt: Date,
): ModerationWebhook {
  return {
    type: ModerationWebhookType.Completed,
    data: {
      ...request,
      occurredAt: occurredAt.toISOString(),
      verdict,
      scores: scoresFor(verdict),
      labels: labelsFor(verdict),
      model: MODEL_NAME,
    },
  };
}

export function failedEvent(request: RequestContext, occurredAt: Date): ModerationWebhook {
  return {
    type: ModerationWebhookType.Failed,
    data: {
      ...request,
      occurredAt: occurredAt.toISOString(),
      error: 'Simulated provider error: the image could not be classified',
    },
  };
}

/** One planned delivery: its webhook-id, the event and its exact body, and whether the wrong secret signs it. */
export interface PlannedEvent {
  webhookId: string;
  event: ModerationWebhook;
  /** Serialised once, so a duplicate is byte-for-byte the same body. */
  body: string;
  wrongSecret: boolean;
}

/** The events a behaviour produces for one accepted submission, in delivery order (none for fail/timeout). */
export function planEvents(
  behaviour: Behaviour,
  request: RequestContext,
  now: Date,
  newWebhookId: () => string,
): PlannedEvent[] {
  const one = (event: ModerationWebhook, wrongSecret = false): PlannedEvent => ({
    webhookId: newWebhookId(),
    event,
    body: JSON.stringify(event),
    wrongSecret,
  });
  switch (behaviour.mode) {
    case 'fail':
    case 'timeout':
      return [];
    case 'error':
      return [one(failedEvent(request, now))];
    case 'normal':
      return [one(completedEvent(request, behaviour.verdict, now))];
    case 'wrong-signature':
      return [one(completedEvent(request, behaviour.verdict, now), true)];
    case 'duplicate': {
      const event = one(completedEvent(request, behaviour.verdict, now));
      return [event, event];
    }
    case 'out-of-order': {
      const earlier = new Date(now.getTime() - 5_000);
      return [
        one(completedEvent(request, behaviour.verdict, now)),
        one(completedEvent(request, oppositeVerdict(behaviour.verdict), earlier)),
      ];
    }
  }
}
