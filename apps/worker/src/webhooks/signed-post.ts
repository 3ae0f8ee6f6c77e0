import { UnrecoverableError } from 'bullmq';
import { Webhook } from 'standardwebhooks';

/** A receiver that answers these is refusing the call (retrying cannot help); anything else may pass later. */
const refused = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * POSTs `{ type, timestamp, data }` signed the Standard Webhooks way. `id` is the `webhook-id`: pass the job's id,
 * the same on every retry, so the receiver can drop repeats. A refusal (4xx but 408 and 429) is final
 * (UnrecoverableError); a network error, timeout, 5xx, 408 or 429 throws so BullMQ retries with backoff.
 */
export async function postSignedWebhook(target: {
  url: string;
  secret: string;
  id: string;
  type: string;
  data: unknown;
  /** Names the webhook in errors ("purge", "security"). */
  name: string;
}): Promise<void> {
  const timestamp = new Date();
  const body = JSON.stringify({ type: target.type, timestamp: timestamp.toISOString(), data: target.data });
  const signature = new Webhook(target.secret).sign(target.id, timestamp, body);
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': target.id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text().catch(() => '');
  if (refused(response.status)) {
    throw new UnrecoverableError(
      `The ${target.name} webhook refused the call (${response.status}): ${text.slice(0, 200)}`,
    );
  }
  if (!response.ok) {
    throw new Error(`The ${target.name} webhook answered ${response.status}: ${text.slice(0, 200)}`);
  }
}
