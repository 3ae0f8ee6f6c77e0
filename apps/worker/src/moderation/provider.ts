import type { Media, Model } from '@phoenix4ge/db';
import type { ModerationDecision, ModerationProviderName, ModerationScoresInput } from '@phoenix4ge/shared';

/**
 * What a provider is asked to look at: the media, its model, our request id (the provider echoes it back) and the
 * stored image to judge: the 800 px JPEG variant when there is one (what the public would see, cheap to decode
 * and to send), else the original.
 */
export interface ModerationTarget {
  media: Media;
  model: Model;
  requestId: number;
  /** Looked up when called: a provider that leaves the decision to people never reads it. */
  image(): Promise<{ key: string; contentType: string }>;
}

/** A provider either answers now with scores, takes the request and answers by webhook later, or leaves it to people. */
export type ProviderOutcome =
  | {
      kind: 'scores';
      scores: ModerationScoresInput;
      labels: string[];
      modelName: string;
      modelVersion: string;
      /** The provider's own decision, when it makes one; otherwise the model's policy decides. */
      verdict?: ModerationDecision;
    }
  | { kind: 'submitted'; externalId: string }
  | { kind: 'manual' };

export interface ModerationProvider {
  readonly name: ModerationProviderName;
  moderate(target: ModerationTarget): Promise<ProviderOutcome>;
}

/** The image could not be read by the provider: the item goes to a person, never approved. */
export class UnreadableImageError extends Error {}

/** A provider refused the request for good (bad configuration, 4xx): retrying cannot help. */
export class ProviderRejectedError extends Error {}
