import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** The inbox keeps the id in a varchar(255) (`moderation_events.event_id`): a longer one cannot be recorded. */
const MAX_WEBHOOK_ID_LENGTH = 255;

export type VerifyFailure =
  | { ok: false; status: 400; code: 'MISSING_SIGNATURE_HEADERS' | 'BAD_SIGNATURE_HEADERS'; message: string }
  | { ok: false; status: 401; code: 'STALE_TIMESTAMP' | 'BAD_SIGNATURE'; message: string };

/**
 * Standard Webhooks verification of the raw body (standardwebhooks: HMAC-SHA256 over `id.timestamp.body`,
 * `v1,` signatures, several allowed, constant-time compare, 5-minute tolerance), against every configured secret
 * so a rotation can overlap. Nothing is parsed before this passes.
 */
export function createWebhookVerifier(secrets: string[]) {
  const verifiers = secrets.map((secret) => new Webhook(secret));
  return {
    configured: verifiers.length > 0,
    verify(
      rawBody: Buffer,
      headers: Record<string, string | string[] | undefined>,
    ): { ok: true } | VerifyFailure {
      const flat: Record<string, string> = {};
      for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
        const value = headers[name];
        if (typeof value === 'string' && value !== '') flat[name] = value;
      }
      if (Object.keys(flat).length < 3) {
        return {
          ok: false,
          status: 400,
          code: 'MISSING_SIGNATURE_HEADERS',
          message: 'webhook-id, webhook-timestamp and webhook-signature headers are required',
        };
      }
      if ((flat['webhook-id'] ?? '').length > MAX_WEBHOOK_ID_LENGTH) {
        return {
          ok: false,
          status: 400,
          code: 'BAD_SIGNATURE_HEADERS',
          message: `webhook-id is at most ${MAX_WEBHOOK_ID_LENGTH} characters`,
        };
      }
      if (!/^\d{1,12}$/.test(flat['webhook-timestamp'] ?? '')) {
        return {
          ok: false,
          status: 400,
          code: 'BAD_SIGNATURE_HEADERS',
          message: 'webhook-timestamp must be Unix seconds',
        };
      }
      const body = rawBody.toString('utf8');
      let last: unknown;
      for (const verifier of verifiers) {
        try {
          verifier.verify(body, flat, { jsonParse: false });
          return { ok: true };
        } catch (error) {
          last = error;
          if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message)) {
            return {
              ok: false,
              status: 401,
              code: 'STALE_TIMESTAMP',
              message: 'webhook-timestamp is more than 5 minutes from now',
            };
          }
        }
      }
      return {
        ok: false,
        status: 401,
        code: 'BAD_SIGNATURE',
        message: last instanceof Error ? `Signature check failed: ${last.message}` : 'Signature check failed',
      };
    },
  };
}
