import type { ModerationStatus } from '@phoenix4ge/shared';
import { ModelSettingsSchema, ModerationWebhookSchema } from '@phoenix4ge/shared';
import { verdictFor } from './moderation-check.handler';
import type { JobHandler } from './types';

/**
 * moderation.apply: applies one stored webhook event (the inbox row the api wrote). A person's decision and a
 * verdict the provider produced later both win over this one: it is then recorded on the request, not applied.
 */
export const moderationApply: JobHandler<'moderation.apply'> = async (data, context) => {
  const done = (outcome: 'applied' | 'recorded' | 'ignored', reason: string, verdict?: ModerationStatus) => ({
    eventId: data.eventId,
    outcome,
    reason,
    ...(verdict ? { verdict } : {}),
  });
  const { media, models, moderationEvents, moderationRequests } = context.repositories;
  const event = await moderationEvents.byId(data.eventId);
  if (!event) return done('ignored', 'no such event');
  if (event.processedAt) return done('ignored', 'already applied');

  const parsed = ModerationWebhookSchema.safeParse(event.payload);
  if (!parsed.success) {
    await moderationEvents.markProcessed(event.id, 'not a moderation result');
    return done('ignored', 'not a moderation result');
  }
  const webhook = parsed.data;
  const request = await moderationRequests.byExternalId('http', webhook.data.requestId);
  const item = request ? await media.byId(request.mediaId) : undefined;
  const model = item ? await models.byId(item.modelId) : undefined;
  if (!request || !item || !model || item.id !== webhook.data.mediaId) {
    await moderationEvents.markProcessed(event.id, 'no matching request');
    return done('ignored', 'no matching request');
  }

  const verdictAt = new Date(webhook.data.occurredAt);
  const verdict =
    webhook.type === 'moderation.completed'
      ? verdictFor(webhook.data, ModelSettingsSchema.parse(model.settings).moderation)
      : {
          status: 'flagged' as const,
          reason: `The moderation service could not judge it: ${webhook.data.error}`,
        };

  await moderationRequests.recordAnswer(
    request.id,
    {
      verdict: verdict.status,
      scores: webhook.type === 'moderation.completed' ? webhook.data.scores : undefined,
      labels: webhook.type === 'moderation.completed' ? webhook.data.labels : undefined,
      modelName: webhook.type === 'moderation.completed' ? webhook.data.model : undefined,
      verdictAt,
      error: webhook.type === 'moderation.failed' ? webhook.data.error : undefined,
    },
    { onlyIfNewer: true },
  );
  const outcome = await media.applyVerdict(item.id, { ...verdict, verdictAt }, request.version);
  const reason =
    outcome === 'applied'
      ? verdict.reason
      : 'not applied: a person decided, or a newer verdict is already applied';
  await moderationEvents.markProcessed(event.id, outcome === 'applied' ? undefined : reason);
  if (outcome === 'applied') context.events.mediaChanged(item.modelId, item.id, 'moderated');
  return done(outcome, reason, outcome === 'applied' ? verdict.status : undefined);
};
