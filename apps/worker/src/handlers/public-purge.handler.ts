import { postSignedWebhook } from '../webhooks/signed-post';
import type { JobHandler } from './types';

/**
 * public.purge: POSTs dead public image URLs to PUBLIC_PURGE_WEBHOOK_URL so a CDN can purge them, signed the
 * Standard Webhooks way (`webhook-id` is the job's id, the same on every retry, so the receiver can drop repeats).
 * Body: `{ type: "public.urls.revoked", timestamp, data: { urls } }`. A failure (network, timeout, 5xx, 408, 429)
 * throws and BullMQ calls again with exponential backoff (PUBLIC_PURGE_ATTEMPTS, PUBLIC_PURGE_BACKOFF_MS).
 */
export const publicPurge: JobHandler<'public.purge'> = async (data, context) => {
  const purge = context.config.publicPurge;
  if (!purge) return { sent: 0, skipped: true };
  await postSignedWebhook({
    url: purge.url,
    secret: purge.secret,
    id: String(context.job.id),
    type: 'public.urls.revoked',
    data: { urls: data.paths.map((path) => `${purge.publicUrl}${path}`) },
    name: 'purge',
  });
  return { sent: data.paths.length, skipped: false };
};
