import type { SecurityEventBurst, SecurityEventsRepository } from '@phoenix4ge/db';
import type { IncidentFinding, IncidentRule, IncidentSubjectType } from '@phoenix4ge/shared';
import type { DownloadCounter } from '@phoenix4ge/shared/node';
import type { SecurityConfig } from './security-config';

export interface RuleDeps {
  events: Pick<SecurityEventsRepository, 'bursts'>;
  downloads: Pick<DownloadCounter, 'totals'>;
  rules: SecurityConfig['rules'];
  now: Date;
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/** A finding from a burst of security events about one subject. */
function fromBurst(
  rule: IncidentRule,
  severity: IncidentFinding['severity'],
  subjectType: IncidentSubjectType,
  burst: SecurityEventBurst,
  summary: string,
  fields: IncidentFinding['evidence'],
): IncidentFinding {
  return {
    rule,
    severity,
    subjectType,
    subjectId: burst.subject,
    summary,
    count: burst.events,
    firstSeenAt: burst.firstAt,
    lastSeenAt: burst.lastAt,
    evidence: { ...fields, events: burst.events, eventIds: burst.eventIds },
  };
}

/**
 * The monitoring rules, each over a sliding window ending now: what they look for, and the incident they raise.
 * Thresholds come from configuration (`SECURITY_RULE_*`, `<events>/<minutes>`).
 */
export const securityRules: Record<IncidentRule, (deps: RuleDeps) => Promise<IncidentFinding[]>> = {
  /** Failed sign-ins for many distinct accounts from one address: password guessing across accounts. */
  async password_spray({ events, rules, now }) {
    const { atLeast, windowMs } = rules.password_spray;
    const bursts = await events.bursts({
      type: 'login_failed',
      since: new Date(now.getTime() - windowMs),
      by: 'ip',
      distinct: 'email',
      atLeast,
    });
    return bursts.map((burst) =>
      fromBurst(
        'password_spray',
        'high',
        'ip',
        burst,
        `Failed sign-ins for ${burst.distinct} accounts from ${burst.subject} in ${minutes(windowMs)}`,
        { accounts: burst.distinct, windowMinutes: windowMs / 60_000 },
      ),
    );
  },

  /** One API key used from many addresses: a leaked key. */
  async api_key_many_addresses({ events, rules, now }) {
    const { atLeast, windowMs } = rules.api_key_many_addresses;
    const bursts = await events.bursts({
      type: 'api_key_address',
      since: new Date(now.getTime() - windowMs),
      by: 'apiKeyId',
      distinct: 'ip',
      atLeast,
    });
    return bursts.map((burst) =>
      fromBurst(
        'api_key_many_addresses',
        'high',
        'api_key',
        burst,
        `API key #${burst.subject} used from ${burst.distinct} addresses in ${minutes(windowMs)}`,
        { addresses: burst.distinct, windowMinutes: windowMs / 60_000 },
      ),
    );
  },

  /** Many rejected (malformed, hostile, oversized) files from one uploader, a user or an API key. */
  async hostile_uploads({ events, rules, now }) {
    const { atLeast, windowMs } = rules.hostile_uploads;
    const since = new Date(now.getTime() - windowMs);
    const found: IncidentFinding[] = [];
    for (const [by, subjectType] of [
      ['userId', 'user'],
      ['apiKeyId', 'api_key'],
    ] as const) {
      const bursts = await events.bursts({ type: 'file_rejected', since, by, atLeast });
      for (const burst of bursts) {
        const who = subjectType === 'user' ? `user #${burst.subject}` : `API key #${burst.subject}`;
        found.push(
          fromBurst(
            'hostile_uploads',
            'medium',
            subjectType,
            burst,
            `${burst.events} files rejected from ${who} in ${minutes(windowMs)}`,
            { rejectedFiles: burst.events, windowMinutes: windowMs / 60_000 },
          ),
        );
      }
    }
    return found;
  },

  /** Repeated moderation webhook calls with a bad signature from one address: forged callbacks. */
  async webhook_bad_signatures({ events, rules, now }) {
    const { atLeast, windowMs } = rules.webhook_bad_signatures;
    const bursts = await events.bursts({
      type: 'webhook_bad_signature',
      since: new Date(now.getTime() - windowMs),
      by: 'ip',
      atLeast,
    });
    return bursts.map((burst) =>
      fromBurst(
        'webhook_bad_signatures',
        'medium',
        'ip',
        burst,
        `${burst.events} webhook calls with a bad signature from ${burst.subject} in ${minutes(windowMs)}`,
        { failures: burst.events, windowMinutes: windowMs / 60_000 },
      ),
    );
  },

  /** Many originals or archive entries downloaded by one user or API key (counted per minute in Redis). */
  async mass_downloads({ downloads, rules, now }) {
    const { atLeast, windowMs } = rules.mass_downloads;
    const totals = await downloads.totals(windowMs, now.getTime());
    const found: IncidentFinding[] = [];
    for (const [source, files] of totals) {
      if (files < atLeast) continue;
      const [kind, id = ''] = source.split(':') as ['user' | 'api_key', string];
      found.push({
        rule: 'mass_downloads',
        severity: 'high',
        subjectType: kind,
        subjectId: id,
        summary: `${files} files downloaded by ${kind === 'user' ? 'user' : 'API key'} #${id} in ${minutes(windowMs)}`,
        count: files,
        firstSeenAt: new Date(now.getTime() - windowMs),
        lastSeenAt: now,
        evidence: { files, windowMinutes: windowMs / 60_000 },
      });
    }
    return found;
  },
};
