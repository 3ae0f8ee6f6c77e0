/** Every `apiKeys.*` procedure (admin only), wrapped once. Mutations invalidate the `['apiKeys']` prefix. */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { trpc } from '../lib/trpc';

export type ApiKey = RouterOutputs['apiKeys']['list'][number];
export type CreatedApiKey = RouterOutputs['apiKeys']['create'];
type CreateApiKeyInput = RouterInputs['apiKeys']['create'];

export const apiKeysKeys = {
  all: ['apiKeys'] as const,
  list: ['apiKeys', 'list', null] as const,
};

export function useApiKeys() {
  return useQuery(() => ({
    queryKey: apiKeysKeys.list,
    queryFn: () => trpc.apiKeys.list.query(),
  }));
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['apiKeys', 'create', null] as const,
    mutationFn: (input: CreateApiKeyInput) => trpc.apiKeys.create.mutate(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKeys.all }),
  }));
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['apiKeys', 'revoke', null] as const,
    mutationFn: (id: number) => trpc.apiKeys.revoke.mutate({ id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysKeys.all }),
  }));
}
