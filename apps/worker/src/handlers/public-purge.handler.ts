import { UnrecoverableError } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import type { JobHandler } from './types';

/** A receiver that answers these is refusing the call (retrying cannot help); anything else may pass later. */
const refused = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * public.purge: POSTs dead public image URLs to PUBLIC_PURGE_WEBHOOK_URL so a CDN can purge them, signed the
 * Standard Webhooks way (`webhook-id` is the job's id, the same on every retry, so the receiver can drop repeats).
 * Body: `{ type: "public.urls.revoked", timestamp, data: { urls } }`. A failure (network, timeout, 5xx, 408, 429)
 * throws and BullMQ calls again with exponential backoff (PUBLIC_PURGE_ATTEMPTS, PUBLIC_PURGE_BACKOFF_MS).
 */
export const publicPurge: JobHandler<'public.purge'> = async (data, context) => {
  const purge = context.config.publicPurge;
  if (!purge) return { sent: 0, skipped: true };
  const timestamp = new Date();
  const body = JSON.stringify({
    type: 'public.urls.revoked',
    timestamp: timestamp.toISOString(),
    data: { urls: data.paths.map((path) => `${purge.publicUrl}${path}`) },
  });
  const id = String(context.job.id);
  const signature = new Webhook(purge.secret).sign(id, timestamp, body);
  const response = await fetch(purge.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text().catch(() => '');
  if (refused(response.status)) {
    throw new UnrecoverableError(
      `The purge webhook refused the call (${response.status}): ${text.slice(0, 200)}`,
    );
  }
  if (!response.ok) throw new Error(`The purge webhook answered ${response.status}: ${text.slice(0, 200)}`);
  return { sent: data.paths.length, skipped: false };
};
