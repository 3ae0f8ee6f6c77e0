import type { Media, Model, ModerationRequest } from '@phoenix4ge/db';
import type { ModerationDecideInput, ModerationQueueInput } from '@phoenix4ge/shared';
import {
  decisionStatus,
  EventName,
  JobName,
  MODERATION_WEBHOOK_MAX_BYTES,
  ModerationWebhookSchema,
  ModerationWebhookType,
  moderationApplyJobId,
} from '@phoenix4ge/shared';
import type { JobProducer, Logger, Redis } from '@phoenix4ge/shared/node';
import { publishEvent } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import { createWebhookVerifier } from '../moderation/webhook-verifier';
import type { MediaRepository } from '../repositories/media.repository';
import type { ModerationRepository } from '../repositories/moderation.repository';
import type { SignedInCaller } from './caller';
import { mediaUrl } from './media-urls';
import type { SecurityLog } from './security-log';
import { presentMedia } from './upload.service';

export interface ModerationServiceDeps {
  moderation: ModerationRepository;
  media: MediaRepository;
  publicUrl: string | undefined;
  webhookSecrets: string[];
  producer: JobProducer;
  redis: Redis;
  keyPrefix: string;
  security: SecurityLog;
  logger: Logger;
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
  const url = (key: string) => mediaUrl(key, deps.publicUrl);
  const verifier = createWebhookVerifier(deps.webhookSecrets);

  async function present(rows: { item: Media; model: Model }[]) {
    const items = rows.map((row) => row.item);
    const [variants, requests] = await Promise.all([
      deps.media.variantsOf(items),
      deps.moderation.latestRequests(items.map((item) => item.id)),
    ]);
    const pick = (id: number, preset: string) =>
      variants.find((v) => v.mediaId === id && v.preset === preset && v.format === 'webp') ??
      variants.find((v) => v.mediaId === id && v.preset === preset);
    return rows.map(({ item, model }) => {
      const thumb = pick(item.id, 'thumb');
      const preview = pick(item.id, 'lg') ?? pick(item.id, 'md');
      return {
        ...presentMedia(item, thumb ? url(thumb.storageKey) : null),
        modelSlug: model.slug,
        modelName: model.displayName,
        previewUrl: preview ? url(preview.storageKey) : null,
        request: presentRequest(requests.get(item.id)),
      };
    });
  }

  function publishChange(modelId: number, mediaId: number) {
    publishEvent(deps.redis, deps.keyPrefix, EventName.MediaChanged, {
      modelId,
      mediaId,
      change: 'moderated',
    }).catch(() => undefined);
  }

  return {
    /** Pending and flagged items (by default) of one model, or of every model when `model` is undefined. */
    async queue(model: Model | undefined, input: Omit<ModerationQueueInput, 'modelSlug'>) {
      const rows = await deps.moderation.queue({
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
      const [row] = await deps.moderation.mediaOfModel(model.id, [id]);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No media ${id} in ${model.slug}` });
      return (await deps.moderation.requestsOf(id)).map((request) => ({
        id: request.id,
        ...presentRequest(request),
      }));
    },

    /** A person's decision on one or more media of `model`; every id must be the model's. */
    async decide(model: Model, caller: SignedInCaller, input: ModerationDecideInput) {
      const ids = [...new Set(input.ids)];
      const found = await deps.moderation.mediaOfModel(model.id, ids);
      const missing = ids.filter((id) => !found.some((row) => row.id === id));
      if (missing.length > 0) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `No media ${missing.join(', ')} in ${model.slug}`,
        });
      }
      const status = decisionStatus[input.decision];
      const who = caller.kind === 'user' ? caller.user.email : `API key ${caller.key.name}`;
      const reason = input.reason?.trim() || `${status[0]?.toUpperCase()}${status.slice(1)} by ${who}`;
      await deps.moderation.decide(ids, {
        status,
        reason,
        userId: caller.kind === 'user' ? caller.user.id : null,
      });
      for (const id of ids) publishChange(model.id, id);
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
      const request = await deps.moderation.requestByExternalId('http', event.data.requestId);
      if (!request || request.mediaId !== event.data.mediaId || String(request.id) !== event.data.reference) {
        if (!(await deps.moderation.mediaExists(event.data.mediaId))) {
          return fail(404, 'UNKNOWN_MEDIA', `No media ${event.data.mediaId}`);
        }
        return fail(
          404,
          'UNKNOWN_REQUEST',
          `No moderation request ${event.data.requestId} for media ${event.data.mediaId}`,
        );
      }

      const stored = await deps.moderation.storeEvent({
        provider: 'http',
        eventId,
        eventType: event.type,
        payload: json as Record<string, unknown>,
      });
      if (stored === 'duplicate') return { status: 200, body: { status: 'duplicate', eventId } };
      // Fast path; the worker's moderation sweep queues inbox rows whose dispatch was lost.
      await deps.producer
        .enqueue(JobName.ModerationApply, { eventId: stored.id }, { jobId: moderationApplyJobId(stored.id) })
        .catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'webhook event not queued now; the sweep will'),
        );
      return { status: 202, body: { status: 'accepted', eventId } };
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
