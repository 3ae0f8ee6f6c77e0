import { jobs } from '@phoenix4ge/shared';
import type { JobHandler } from './types';

/** An inbox row older than this without being applied lost its fast dispatch (Redis was down): queue it again. */
const INBOX_GRACE_MS = 10_000;

/**
 * moderation.sweep (scheduled): an `http` request unanswered for MODERATION_TIMEOUT_SECONDS is submitted again,
 * up to MODERATION_MAX_ATTEMPTS; after that the item is flagged for a person. Also re-queues webhook events that
 * were stored but never applied.
 */
export const moderationSweep: JobHandler<'moderation.sweep'> = async (_data, context) => {
  const { timeoutSeconds, maxAttempts } = context.config.moderation;
  const { media, moderationEvents, moderationRequests } = context.repositories;
  let resubmitted = 0;
  let flagged = 0;
  for (const { request, media: item } of await moderationRequests.overdue(
    new Date(Date.now() - timeoutSeconds * 1000),
  )) {
    if (request.attempts < maxAttempts) {
      const attempt = request.attempts + 1;
      await context.jobs.enqueue(jobs.moderationCheck(item.id, item.currentVersion, attempt));
      await moderationRequests.noteError(
        request.id,
        `No answer within ${timeoutSeconds} s; submitted again (attempt ${attempt} of ${maxAttempts})`,
      );
      resubmitted += 1;
      continue;
    }
    const reason = `The moderation service did not answer ${maxAttempts} submission(s) within ${timeoutSeconds} s each; a person decides`;
    const verdictAt = new Date();
    await moderationRequests.recordAnswer(request.id, { verdict: 'flagged', verdictAt, error: reason });
    if ((await media.applyVerdict(item.id, { status: 'flagged', reason, verdictAt })) === 'applied') {
      context.events.mediaChanged(item.modelId, item.id, 'moderated');
    }
    flagged += 1;
  }

  let eventsQueued = 0;
  for (const eventId of await moderationEvents.unapplied(new Date(Date.now() - INBOX_GRACE_MS))) {
    await context.jobs.enqueue(jobs.moderationApply(eventId));
    eventsQueued += 1;
  }
  return { resubmitted, flagged, eventsQueued };
};
