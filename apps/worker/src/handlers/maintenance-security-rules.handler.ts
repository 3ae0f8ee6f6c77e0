import type { IncidentRule } from '@phoenix4ge/shared';
import { securityRules } from '../security/rules';
import type { JobHandler } from './types';

/**
 * maintenance.security-rules (scheduled every SECURITY_RULES_INTERVAL_MS, a minute by default): runs every
 * monitoring rule over its window; each finding opens an incident, or updates the active one of that rule and
 * subject; only a real change is published live (a burst sliding through the window would otherwise announce
 * the same incident every run). A new incident is notified through the outbox when SECURITY_WEBHOOK_URL is set.
 */
export const maintenanceSecurityRules: JobHandler<'maintenance.security-rules'> = async (_data, context) => {
  const now = new Date();
  const deps = {
    events: context.repositories.securityEvents,
    downloads: context.downloadCounter,
    rules: context.config.security.rules,
    now,
  };
  let opened = 0;
  let updated = 0;
  for (const [rule, evaluate] of Object.entries(securityRules) as [
    IncidentRule,
    (typeof securityRules)[IncidentRule],
  ][]) {
    for (const finding of await evaluate(deps)) {
      const outcome = await context.repositories.incidents.raise(finding, {
        notify: context.config.security.webhook !== undefined,
      });
      if (outcome.change === 'none') continue;
      context.events.publish('incident.changed', { incidentId: outcome.id, change: outcome.change });
      if (outcome.change === 'opened') {
        opened += 1;
        context.logger.warn({ incident: outcome.id, rule, subject: finding.subjectId }, finding.summary);
      } else updated += 1;
    }
  }
  return { opened, updated };
};
