import type { ModelSettings } from './schemas/models';
import type { ModerationScoresInput } from './schemas/moderation';

export type ModerationPolicy = ModelSettings['moderation'];

export interface PolicyVerdict {
  status: 'approved' | 'rejected' | 'flagged' | 'pending';
  reason: string;
}

const percent = (value: number) => `${Math.round(value * 100)} %`;

/**
 * The model's policy applied to classifier scores: reject when Porn + Hentai reaches `rejectAt`; flag for a person
 * when it reaches `flagAt` or Sexy reaches `flagSexyAt`; otherwise approve, or leave pending for a person when
 * auto-approve is off.
 */
export function policyVerdict(scores: ModerationScoresInput, policy: ModerationPolicy): PolicyVerdict {
  const explicit = (scores.Porn ?? 0) + (scores.Hentai ?? 0);
  const sexy = scores.Sexy ?? 0;
  if (explicit >= policy.rejectAt) {
    return { status: 'rejected', reason: `Explicit ${percent(explicit)} ≥ ${percent(policy.rejectAt)}` };
  }
  if (explicit >= policy.flagAt) {
    return { status: 'flagged', reason: `Explicit ${percent(explicit)} ≥ ${percent(policy.flagAt)}` };
  }
  if (sexy >= policy.flagSexyAt) {
    return { status: 'flagged', reason: `Suggestive ${percent(sexy)} ≥ ${percent(policy.flagSexyAt)}` };
  }
  if (!policy.autoApprove) {
    return { status: 'pending', reason: 'Below every threshold; auto-approve is off, so a person decides' };
  }
  return { status: 'approved', reason: 'Below every threshold' };
}
