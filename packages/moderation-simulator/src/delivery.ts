import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Throws a readable error for a secret standardwebhooks cannot use (it must be `whsec_<base64>` or base64). */
export function assertWebhookSecret(secret: string): void {
  let signer: Webhook | undefined;
  try {
    signer = secret.trim() === '' ? undefined : new Webhook(secret);
  } catch {
    signer = undefined;
  }
  if (!signer)
    throw new Error('The webhook secret must look like whsec_<base64> (see generateWebhookSecret())');
}

/** `prefix_` + 24 random hex characters (`sim_…` for requests, `msg_…` for webhook ids). */
export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** The HTTP status the callback answered, or `network-error` when the connection failed or timed out. */
export type DeliveryStatus = number | 'network-error';

/** Waits between attempts after a 5xx or a network error (then gives up); any other answer is final. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [200, 500, 1_000];

export interface DeliveryOptions {
  url: string;
  secret: string;
  webhookId: string;
  body: string;
  retryDelaysMs: readonly number[];
  /** One attempt's limit before it counts as a network error. */
  attemptTimeoutMs: number;
  /** Aborting cancels the delivery: no further attempt and nothing recorded. */
  signal: AbortSignal;
  onAttempt(status: DeliveryStatus, attempt: number): void;
}

/** Standard Webhooks headers for one attempt, signed at the attempt's time. */
export function signedHeaders(secret: string, webhookId: string, body: string, at = new Date()) {
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
  };
}

/** POSTs the signed body, retrying 5xx and network errors; resolves with the last status, or `cancelled`. */
export async function deliver(options: DeliveryOptions): Promise<DeliveryStatus | 'cancelled'> {
  const { url, secret, webhookId, body, signal } = options;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) return 'cancelled';
    let status: DeliveryStatus;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: signedHeaders(secret, webhookId, body),
        body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.attemptTimeoutMs)]),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      if (signal.aborted) return 'cancelled';
      status = 'network-error';
    }
    options.onAttempt(status, attempt);
    const wait = options.retryDelaysMs[attempt - 1];
    if ((status !== 'network-error' && status < 500) || wait === undefined) return status;
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      return 'cancelled';
    }
  }
}
