import type { IncidentRule, IncidentSeverity, IncidentState } from '@phoenix4ge/shared';

export const ruleLabels: Record<IncidentRule, string> = {
  password_spray: 'Password guessing across accounts',
  api_key_many_addresses: 'API key used from many addresses',
  hostile_uploads: 'Burst of rejected files',
  webhook_bad_signatures: 'Webhook signature failures',
  mass_downloads: 'Mass downloads',
};

/** A rule added to the api later shows as its name ("new_rule" → "new rule"). */
export const ruleLabel = (rule: string) => ruleLabels[rule as IncidentRule] ?? rule.replaceAll('_', ' ');

export const severityBadge: Record<IncidentSeverity, string> = {
  low: 'text-bg-secondary',
  medium: 'text-bg-warning',
  high: 'text-bg-danger',
  critical: 'text-bg-danger border border-dark',
};

export const stateBadge: Record<IncidentState, string> = {
  open: 'text-bg-danger',
  acknowledged: 'text-bg-warning',
  resolved: 'text-bg-success',
};

export const subjectLabels = { ip: 'Address', user: 'User', api_key: 'API key', model: 'Model' } as const;

/** Evidence fields, in words (anything else shows as its name). */
export const evidenceLabels: Record<string, string> = {
  accounts: 'Accounts tried',
  addresses: 'Addresses',
  rejectedFiles: 'Files rejected',
  failures: 'Signature failures',
  files: 'Files downloaded',
  events: 'Events in the window',
  windowMinutes: 'Window (minutes)',
};

export const responseLabels: Record<string, string> = {
  'user.lock': 'Locked the user',
  'user.unlock': 'Unlocked the user',
  'api_key.revoke': 'Revoked the API key',
  'sessions.end': "Ended the user's sessions",
  'model.pause': "Paused the model's public delivery",
  'model.unpause': "Resumed the model's public delivery",
};
