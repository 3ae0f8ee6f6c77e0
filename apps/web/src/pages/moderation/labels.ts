/** Words for the moderation queue: providers, statuses in the queue's terms, decisions. */
import type { ModerationDecision, ModerationProviderName, ModerationStatus } from '@phoenix4ge/shared';

export const providerLabel: Record<ModerationProviderName, string> = {
  local: 'On-device classifier',
  http: 'External moderation service',
  manual: 'Manual (no classifier)',
};

export const queueStatusLabel: Record<ModerationStatus, string> = {
  pending: 'Pending',
  flagged: 'Flagged',
  approved: 'Approved',
  rejected: 'Rejected',
};

export const decisionLabel: Record<ModerationDecision, string> = {
  approve: 'Approve',
  reject: 'Reject',
  flag: 'Flag',
};

export const decisionButton: Record<ModerationDecision, string> = {
  approve: 'btn-success',
  reject: 'btn-danger',
  flag: 'btn-warning',
};

export const decisionKey: Record<ModerationDecision, string> = {
  approve: 'A',
  reject: 'R',
  flag: 'F',
};

/** The verb for a hint: "Press Enter to reject". */
export const decisionVerb: Record<ModerationDecision, string> = {
  approve: 'approve',
  reject: 'reject',
  flag: 'flag',
};
