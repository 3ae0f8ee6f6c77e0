import type { ModelsRepository } from '@phoenix4ge/db';
import type { CreateApiKey } from '@phoenix4ge/shared';
import { TRPCError } from '@trpc/server';
import { apiKeyHash, newApiKey } from '../lib/tokens';
import type { ApiKeysRepository } from '../repositories/api-keys.repository';

export function createApiKeysService(deps: { apiKeys: ApiKeysRepository; models: ModelsRepository }) {
  return {
    list: () => deps.apiKeys.list(),

    /** Creates a key; the returned `key` is shown once and never stored (only its hash is). */
    async create(input: CreateApiKey, createdBy: number | null) {
      let modelId: number | null = null;
      if (input.modelSlug) {
        const model = await deps.models.bySlug(input.modelSlug);
        if (!model)
          throw new TRPCError({ code: 'NOT_FOUND', message: `No model called "${input.modelSlug}"` });
        modelId = model.id;
      }
      const { key, prefix } = newApiKey();
      const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
      const id = await deps.apiKeys.create({
        name: input.name,
        keyPrefix: prefix,
        keyHash: apiKeyHash(key),
        modelId,
        role: input.role,
        createdBy,
        expiresAt,
      });
      return {
        id,
        key,
        prefix,
        name: input.name,
        role: input.role,
        modelSlug: input.modelSlug ?? null,
        expiresAt,
      };
    },

    async revoke(id: number) {
      const found = await deps.apiKeys.byId(id);
      if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such API key' });
      if (!found.revokedAt) await deps.apiKeys.revoke(id, new Date());
      return { id };
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
