import type { Model } from '@phoenix4ge/db';
import type { ModerationProviderName } from '@phoenix4ge/shared';
import { ModelSettingsSchema } from '@phoenix4ge/shared';
import type { StorageDriver } from '@phoenix4ge/shared/node';
import type { WorkerConfig } from '../env';
import { createHttpProvider } from './http-provider';
import { createLocalProvider } from './local-provider';
import { manualProvider } from './manual-provider';
import type { ModerationProvider } from './provider';

/** The deployment's provider (MODERATION_PROVIDER) unless the model's settings choose another. */
export function createProviders(deps: { config: WorkerConfig; storage: StorageDriver }) {
  const { moderation } = deps.config;
  const byName: Record<ModerationProviderName, ModerationProvider> = {
    local: createLocalProvider({ storage: deps.storage, maxPixels: deps.config.media.maxPixels }),
    http: createHttpProvider({
      storage: deps.storage,
      config: {
        endpoint: moderation.apiEndpoint,
        apiKey: moderation.apiKey,
        callbackUrl: moderation.webhookUrl,
      },
    }),
    manual: manualProvider,
  };
  return {
    forModel(model: Model): ModerationProvider {
      const chosen = ModelSettingsSchema.parse(model.settings).moderation.provider ?? moderation.provider;
      return byName[chosen];
    },
  };
}

export type ModerationProviders = ReturnType<typeof createProviders>;
