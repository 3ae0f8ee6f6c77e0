import { EventName, ModelSettingsSchema, ModerationWebhookSchema } from '@phoenix4ge/shared';
import { verdictFor } from './moderation-check.handler';
import type { JobHandler } from './types';

/**
 * moderation.apply: applies one stored webhook event (the inbox row the api wrote). A person's decision and a
 * verdict the provider produced later both win over this one: it is then recorded on the request, not applied.
 */
export const moderationApply: JobHandler<'moderation.apply'> = async (data, context) => {
  const done = (outcome: 'applied' | 'recorded' | 'ignored', reason: string) => ({
    eventId: data.eventId,
    outcome,
    reason,
  });
  const event = await context.moderation.eventById(data.eventId);
  if (!event) return done('ignored', 'no such event');
  if (event.processedAt) return done('ignored', 'already applied');

  const parsed = ModerationWebhookSchema.safeParse(event.payload);
  if (!parsed.success) {
    await context.moderation.markEventProcessed(event.id, 'not a moderation result');
    return done('ignored', 'not a moderation result');
  }
  const webhook = parsed.data;
  const request = await context.moderation.requestByExternalId('http', webhook.data.requestId);
  const item = request ? await context.media.byId(request.mediaId) : undefined;
  if (!request || !item || item.id !== webhook.data.mediaId) {
    await context.moderation.markEventProcessed(event.id, 'no matching request');
    return done('ignored', 'no matching request');
  }

  const verdictAt = new Date(webhook.data.occurredAt);
  const verdict =
    webhook.type === 'moderation.completed'
      ? verdictFor(
          webhook.data,
          ModelSettingsSchema.parse((await context.media.modelOf(item)).settings).moderation,
        )
      : {
          status: 'flagged' as const,
          reason: `The moderation service could not judge it: ${webhook.data.error}`,
        };

  if (!request.verdictAt || request.verdictAt.getTime() < verdictAt.getTime()) {
    await context.moderation.recordAnswer(request.id, {
      verdict: verdict.status,
      scores: webhook.type === 'moderation.completed' ? webhook.data.scores : undefined,
      labels: webhook.type === 'moderation.completed' ? webhook.data.labels : undefined,
      modelName: webhook.type === 'moderation.completed' ? webhook.data.model : undefined,
      verdictAt,
      error: webhook.type === 'moderation.failed' ? webhook.data.error : undefined,
    });
  }
  const outcome = await context.moderation.applyVerdict(item.id, { ...verdict, verdictAt });
  const reason =
    outcome === 'applied'
      ? verdict.reason
      : 'not applied: a person decided, or a newer verdict is already applied';
  await context.moderation.markEventProcessed(event.id, outcome === 'applied' ? undefined : reason);
  if (outcome === 'applied') {
    context.publish(EventName.MediaChanged, { modelId: item.modelId, mediaId: item.id, change: 'moderated' });
  }
  return done(outcome, reason);
};
