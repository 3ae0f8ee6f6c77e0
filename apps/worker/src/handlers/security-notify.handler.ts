import { postSignedWebhook } from '../webhooks/signed-post';
import type { JobHandler } from './types';

/**
 * security.notify: POSTs a newly opened (or escalated: its count doubled) incident to SECURITY_WEBHOOK_URL (chat,
 * paging), signed the Standard Webhooks way; `webhook-id` is the job's id (`security-notify-<incident>`, with
 * `-x<count>` for an escalation), the same on every retry. Body: `{ type: "security.incident.opened" |
 * "security.incident.escalated", timestamp, data: { id, rule, severity, subject, summary, count, firstSeenAt,
 * lastSeenAt, url } }`. Retried with exponential backoff (SECURITY_WEBHOOK_ATTEMPTS, SECURITY_WEBHOOK_BACKOFF_MS).
 */
export const securityNotify: JobHandler<'security.notify'> = async (data, context) => {
  const { webhook, adminUrl } = context.config.security;
  const incident = await context.repositories.incidents.byId(data.incidentId);
  if (!webhook || !incident) return { sent: false };
  await postSignedWebhook({
    url: webhook.url,
    secret: webhook.secret,
    id: String(context.job.id),
    type: data.escalation === undefined ? 'security.incident.opened' : 'security.incident.escalated',
    data: {
      id: incident.id,
      rule: incident.rule,
      severity: incident.severity,
      subject: { type: incident.subjectType, id: incident.subjectId },
      summary: incident.summary,
      count: incident.count,
      firstSeenAt: incident.firstSeenAt.toISOString(),
      lastSeenAt: incident.lastSeenAt.toISOString(),
      url: `${adminUrl}/incidents/${incident.id}`,
    },
    name: 'security',
  });
  return { sent: true };
};
