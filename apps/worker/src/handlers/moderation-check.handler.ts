import type { ModerationStatus } from '@phoenix4ge/shared';
import { decisionStatus, ModelSettingsSchema, policyVerdict } from '@phoenix4ge/shared';
import type { ProviderOutcome } from '../moderation/provider';
import { ProviderRejectedError, UnreadableImageError } from '../moderation/provider';
import type { HandlerContext, JobHandler } from './types';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

type Scored = Extract<ProviderOutcome, { kind: 'scores' }>;

/** The status for a provider's scores: its own verdict if it gives one, else the model's policy. */
export function verdictFor(
  outcome: Pick<Scored, 'scores' | 'verdict'>,
  policy: ReturnType<typeof ModelSettingsSchema.parse>['moderation'],
): { status: ModerationStatus; reason: string } {
  if (!outcome.verdict) return policyVerdict(outcome.scores, policy);
  const status = decisionStatus[outcome.verdict];
  if (status === 'approved' && !policy.autoApprove) {
    return {
      status: 'pending',
      reason: 'The provider approved it; auto-approve is off, so a person decides',
    };
  }
  return { status, reason: `The provider's verdict: ${outcome.verdict}` };
}

async function flagForPerson(
  context: HandlerContext,
  mediaId: number,
  modelId: number,
  requestId: number,
  reason: string,
  version?: number,
) {
  const verdictAt = new Date();
  await context.repositories.moderationRequests.recordAnswer(requestId, {
    verdict: 'flagged',
    verdictAt,
    error: reason,
  });
  const applied = await context.repositories.media.applyVerdict(
    mediaId,
    { status: 'flagged', reason, verdictAt },
    version,
  );
  if (applied === 'applied') context.events.mediaChanged(modelId, mediaId, 'moderated');
}

/**
 * moderation.check: asks the model's provider about a processed media. `local` answers at once (scores → policy),
 * `http` takes the request and answers through the webhook, `manual` leaves it to people. An image the provider
 * cannot read, a provider that refuses, or one still unreachable on the last attempt flags the item for a person:
 * nothing is ever approved by default.
 */
export const moderationCheck: JobHandler<'moderation.check'> = async (data, context) => {
  const { media, moderationRequests, variants } = context.repositories;
  const found = await media.withModel(data.mediaId);
  const skipped = (provider: string) => ({ mediaId: data.mediaId, provider, outcome: 'skipped' as const });
  if (!found || found.item.deletedAt || found.item.processingStatus !== 'ready') return skipped('none');
  const { item, model } = found;
  // An edit made another version current meanwhile: that version's own check runs.
  if (item.currentVersion !== data.version) return skipped('superseded');
  if (item.moderatedAt) return skipped('person');

  const policy = ModelSettingsSchema.parse(model.settings).moderation;
  const provider = context.providers.forModel(model);
  const previous = await moderationRequests.latestOf(item.id);
  // A retry of this same job reuses its request row instead of adding another.
  const requestId =
    previous &&
    previous.provider === provider.name &&
    previous.attempts === data.attempt &&
    !previous.answeredAt
      ? previous.id
      : await moderationRequests.create(item.id, provider.name, data.attempt, data.version);
  // What the public would see: the current version's 800 px JPEG when it exists, else the original. Looked up only
  // by a provider that looks at the image (people look in the admin).
  const image = async () => {
    const md = await variants.find(item.id, item.currentVersion, 'md', 'jpeg');
    return md
      ? { key: md.storageKey, contentType: 'image/jpeg' }
      : { key: item.storageKey, contentType: item.mimeType };
  };

  let outcome: ProviderOutcome;
  try {
    outcome = await provider.moderate({ media: item, model, requestId, image });
  } catch (error) {
    if (error instanceof UnreadableImageError || error instanceof ProviderRejectedError) {
      await flagForPerson(context, item.id, item.modelId, requestId, error.message, data.version);
      return { mediaId: item.id, provider: provider.name, outcome: 'flagged' };
    }
    await moderationRequests.noteError(requestId, message(error));
    if (!context.lastAttempt) throw error;
    await flagForPerson(
      context,
      item.id,
      item.modelId,
      requestId,
      `The moderation provider could not be reached (${message(error)}); a person decides`,
      data.version,
    );
    return { mediaId: item.id, provider: provider.name, outcome: 'flagged' };
  }

  if (outcome.kind === 'manual') {
    await media.noteModerationReason(item.id, 'Manual moderation: waiting for a person');
    return { mediaId: item.id, provider: provider.name, outcome: 'pending' };
  }
  if (outcome.kind === 'submitted') {
    await moderationRequests.markSubmitted(requestId, outcome.externalId);
    await media.noteModerationReason(item.id, 'Sent to the moderation service; waiting for its answer');
    return { mediaId: item.id, provider: provider.name, outcome: 'submitted' };
  }

  const verdict = verdictFor(outcome, policy);
  const verdictAt = new Date();
  await moderationRequests.recordAnswer(requestId, {
    verdict: verdict.status,
    scores: outcome.scores,
    labels: outcome.labels,
    modelName: outcome.modelName,
    modelVersion: outcome.modelVersion,
    verdictAt,
  });
  const applied = await media.applyVerdict(item.id, { ...verdict, verdictAt }, data.version);
  if (applied === 'applied') context.events.mediaChanged(item.modelId, item.id, 'moderated');
  return { mediaId: item.id, provider: provider.name, outcome: verdict.status };
};
