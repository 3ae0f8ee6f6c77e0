import type { ProviderSubmission } from '@phoenix4ge/shared';
import { ProviderSubmissionAnswerSchema } from '@phoenix4ge/shared';
import type { StorageDriver } from '@phoenix4ge/shared/node';
import type { ModerationProvider } from './provider';
import { ProviderRejectedError } from './provider';

export interface HttpProviderConfig {
  endpoint: string | undefined;
  apiKey: string | undefined;
  callbackUrl: string | undefined;
  /** How long one submission may take before it counts as a transient failure. */
  requestTimeoutMs?: number;
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An external moderation service: the image goes out with our reference and the callback URL; the verdict comes
 * back later through the signed webhook. 5xx, timeouts and network errors throw plain errors (the job retries with
 * backoff); 4xx and missing configuration throw ProviderRejectedError (a person gets the item).
 */
export function createHttpProvider(deps: {
  storage: StorageDriver;
  config: HttpProviderConfig;
}): ModerationProvider {
  const { config } = deps;
  return {
    name: 'http',
    async moderate({ media, requestId, image: imageOf }) {
      if (!config.endpoint || !config.callbackUrl) {
        throw new ProviderRejectedError(
          'The http moderation provider is not configured (MODERATION_API_ENDPOINT and MODERATION_WEBHOOK_URL)',
        );
      }
      const image = await imageOf();
      const bytes = await readAll(await deps.storage.get(image.key));
      const submission: ProviderSubmission = {
        reference: String(requestId),
        mediaId: media.id,
        image: { contentType: image.contentType, base64: bytes.toString('base64') },
        callbackUrl: config.callbackUrl,
      };
      const response = await fetch(config.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
        },
        body: JSON.stringify(submission),
        signal: AbortSignal.timeout(config.requestTimeoutMs ?? 30_000),
      });
      const text = await response.text();
      if (response.status >= 500 || response.status === 429) {
        throw new Error(`The moderation provider answered ${response.status}: ${text.slice(0, 200)}`);
      }
      if (!response.ok) {
        throw new ProviderRejectedError(
          `The moderation provider refused the image (${response.status}): ${text.slice(0, 200)}`,
        );
      }
      let answer: unknown;
      try {
        answer = JSON.parse(text);
      } catch {
        throw new ProviderRejectedError(
          `The moderation provider answered something that is not JSON: ${text.slice(0, 200)}`,
        );
      }
      const parsed = ProviderSubmissionAnswerSchema.safeParse(answer);
      if (!parsed.success) {
        throw new ProviderRejectedError(
          `The moderation provider's answer has no request id: ${text.slice(0, 200)}`,
        );
      }
      return { kind: 'submitted', externalId: parsed.data.id };
    },
  };
}
