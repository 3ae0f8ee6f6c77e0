import type { Media, Model, ModerationRequest, Repositories } from '@phoenix4ge/db';
import type { ModerationDecideInput, ModerationQueueInput } from '@phoenix4ge/shared';
import {
  decisionReason,
  decisionStatus,
  jobs,
  MODERATION_WEBHOOK_MAX_BYTES,
  ModerationWebhookSchema,
  ModerationWebhookType,
} from '@phoenix4ge/shared';
import type { Events, Jobs, Logger } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { ApiMetrics } from '../metrics/api-metrics';
import { createWebhookVerifier } from '../moderation/webhook-verifier';
import type { SignedInCaller } from './caller';
import { callerName } from './caller';
import type { MediaPresenter } from './media.presenter';
import type { SecurityLog } from './security-log';

export interface ModerationServiceDeps {
  repositories: Pick<Repositories, 'media' | 'variants' | 'moderationRequests' | 'moderationEvents'>;
  present: MediaPresenter;
  webhookSecrets: string[];
  jobs: Pick<Jobs, 'enqueue'>;
  events: Events;
  security: SecurityLog;
  logger: Logger;
  metrics?: Pick<ApiMetrics, 'moderationDecisions'>;
}

/** How a webhook request was answered: the HTTP status and the `{ error }` or result body. */
export type WebhookAnswer =
  | { status: 200 | 202; body: { status: 'accepted' | 'duplicate'; eventId: string } }
  | { status: number; error: { code: string; message: string } };

const fail = (status: number, code: string, message: string): WebhookAnswer => ({
  status,
  error: { code, message },
});

function presentRequest(request: ModerationRequest | undefined) {
  if (!request) return null;
  return {
    provider: request.provider,
    status: request.status,
    verdict: request.verdict,
    scores: request.scores,
    labels: request.labels ?? [],
    modelName: request.modelName,
    modelVersion: request.modelVersion,
    attempts: request.attempts,
    submittedAt: request.submittedAt,
    answeredAt: request.answeredAt,
    error: request.error,
  };
}

/**
 * The seed's ContentModerationAPI on the api side: the moderation queue, people's decisions (final: providers
 * never override them) and the signed webhook inbox (ModerationCallbackHandler).
 */
export function createModerationService(deps: ModerationServiceDeps) {
  const { media, variants, moderationRequests, moderationEvents } = deps.repositories;
  const verifier = createWebhookVerifier(deps.webhookSecrets);

  async function present(rows: { item: Media; model: Model }[]) {
    const items = rows.map((row) => row.item);
    const [files, requests] = await Promise.all([
      variants.ofCurrentVersion(items),
      moderationRequests.latestOfEach(items.map((item) => item.id)),
    ]);
    return rows.map(({ item, model }) => ({
      ...deps.present.summary(item, files),
      modelSlug: model.slug,
      modelName: model.displayName,
      previewUrl:
        deps.present.variantUrl(files, item.id, 'lg') ?? deps.present.variantUrl(files, item.id, 'md'),
      request: presentRequest(requests.get(item.id)),
    }));
  }

  return {
    /** Pending and flagged items (by default) of one model, or of every model when `model` is undefined. */
    async queue(model: Model | undefined, input: Omit<ModerationQueueInput, 'modelSlug'>) {
      const rows = await media.moderationQueue({
        modelId: model?.id,
        statuses: input.statuses,
        cursor: input.cursor,
        limit: input.limit,
      });
      return {
        items: await present(rows),
        nextCursor: rows.length === input.limit ? (rows.at(-1)?.item.id ?? null) : null,
      };
    },

    /** Every provider request of one media, newest first (the history in the queue's detail). */
    async history(model: Model, id: number) {
      const [row] = await media.ofModel(model.id, [id]);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${id} in ${model.slug}` });
      return (await moderationRequests.allOf(id)).map((request) => ({
        id: request.id,
        ...presentRequest(request),
      }));
    },

    /** A person's decision on one or more media of `model`; every id must be the model's. */
    async decide(model: Model, caller: SignedInCaller, input: ModerationDecideInput) {
      const ids = [...new Set(input.ids)];
      const found = await media.ofModel(model.id, ids);
      const missing = ids.filter((id) => !found.some((row) => row.id === id));
      if (missing.length > 0) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `No media ${missing.join(', ')} in ${model.slug}`,
        });
      }
      const status = decisionStatus[input.decision];
      const reason = decisionReason(input.decision, callerName(caller), input.reason);
      await media.decide(ids, {
        status,
        reason,
        userId: caller.kind === 'user' ? caller.user.id : null,
      });
      for (const id of ids) deps.events.mediaChanged(model.id, id, 'moderated');
      deps.metrics?.moderationDecisions('person', status, ids.length);
      return { ids, moderationStatus: status, reason };
    },

    /**
     * `POST /api/moderation-webhooks/result`: verify the raw body's signature, then parse and check the event,
     * then store it once (the inbox) and queue it; the worker applies it. Nothing changes state before the
     * event is known to be genuine, well-formed and about a request we made.
     */
    async receiveWebhook(
      rawBody: Buffer,
      headers: Record<string, string | string[] | undefined>,
      ip: string,
    ) {
      if (!verifier.configured) {
        return fail(503, 'WEBHOOK_NOT_CONFIGURED', 'MODERATION_WEBHOOK_SECRET is not set on this server');
      }
      if (rawBody.length > MODERATION_WEBHOOK_MAX_BYTES) {
        return fail(
          413,
          'PAYLOAD_TOO_LARGE',
          `A webhook body is at most ${MODERATION_WEBHOOK_MAX_BYTES} bytes`,
        );
      }
      const verified = verifier.verify(rawBody, headers);
      if (!verified.ok) {
        if (verified.status === 401) {
          await deps.security.record('webhook_bad_signature', {
            ip,
            details: { code: verified.code, webhookId: String(headers['webhook-id'] ?? '').slice(0, 100) },
          });
        }
        return fail(verified.status, verified.code, verified.message);
      }
      const eventId = String(headers['webhook-id']);

      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return fail(400, 'MALFORMED_JSON', 'The body is not valid JSON');
      }
      const type = (json as { type?: unknown } | null)?.type;
      if (!Object.values<unknown>(ModerationWebhookType).includes(type)) {
        return fail(
          422,
          'UNKNOWN_EVENT_TYPE',
          `Unknown event type ${JSON.stringify(type ?? null)}; expected ${Object.values(ModerationWebhookType).join(' or ')}`,
        );
      }
      const parsed = ModerationWebhookSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail(
          422,
          'INVALID_EVENT',
          `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
        );
      }
      const event = parsed.data;
      const request = await moderationRequests.byExternalId('http', event.data.requestId);
      if (!request || request.mediaId !== event.data.mediaId || String(request.id) !== event.data.reference) {
        if (!(await media.exists(event.data.mediaId))) {
          return fail(404, 'UNKNOWN_MEDIA', `No media ${event.data.mediaId}`);
        }
        return fail(
          404,
          'UNKNOWN_REQUEST',
          `No moderation request ${event.data.requestId} for media ${event.data.mediaId}`,
        );
      }

      const stored = await moderationEvents.store({
        provider: 'http',
        eventId,
        eventType: event.type,
        payload: json as Record<string, unknown>,
      });
      if (stored === 'duplicate') return { status: 200, body: { status: 'duplicate', eventId } };
      // Fast path; the worker's moderation sweep queues inbox rows whose dispatch was lost.
      await deps.jobs
        .enqueue(jobs.moderationApply(stored.id))
        .catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'webhook event not queued now; the sweep will'),
        );
      return { status: 202, body: { status: 'accepted', eventId } };
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
