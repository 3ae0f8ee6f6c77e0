/**
 * Publication in the admin: an item's window, a category's public order (`['media', 'publicOrder', …]`, refetched
 * with the library on live changes), a model's consent expiry.
 */
import type { RouterOutputs } from '@phoenix4ge/api/router';
import type { PublicationWindow } from '@phoenix4ge/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';
import { invalidateLibrary, mediaKeys, type summaryOf, upsertMediaInList } from './media';
import { modelsKeys } from './models';

export type PublicOrder = RouterOutputs['media']['publicOrder'];

export const publicOrderKey = (modelSlug: string, categoryId: number) =>
  ['media', 'publicOrder', { modelSlug, categoryId }] as const;

/** Sets one item's window; the detail and every view holding it show the new state at once. */
export function useSetWindow(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['media', 'setWindow', { modelSlug: modelSlug() }] as const,
    mutationFn: (input: { id: number } & PublicationWindow) =>
      trpc.media.setWindow.mutate({ modelSlug: modelSlug(), ...input }),
    onSuccess: (item) => {
      const key = mediaKeys.byId(modelSlug(), item.id);
      const detail = queryClient.getQueryData<Parameters<typeof summaryOf>[0]>(key);
      if (detail) queryClient.setQueryData(key, { ...detail, ...item });
      upsertMediaInList(queryClient, modelSlug(), item);
    },
  }));
}

/** A category's items in their public order. */
export function usePublicOrder(modelSlug: Accessor<string>, categoryId: Accessor<number>) {
  return useQuery(() => ({
    queryKey: publicOrderKey(modelSlug(), categoryId()),
    queryFn: () => trpc.media.publicOrder.query({ modelSlug: modelSlug(), categoryId: categoryId() }),
  }));
}

/** Moves one item before another (null: to the end); the order cache takes the server's new order at once. */
export function useMovePublicOrder(modelSlug: Accessor<string>, categoryId: Accessor<number>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['media', 'movePublicOrder', { modelSlug: modelSlug() }] as const,
    mutationFn: (input: { id: number; beforeId: number | null }) =>
      trpc.media.movePublicOrder.mutate({ modelSlug: modelSlug(), categoryId: categoryId(), ...input }),
    onSuccess: async (result) => {
      const key = publicOrderKey(modelSlug(), categoryId());
      // A read started before this move committed would land after it with the older order.
      await queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<PublicOrder>(key, (cached) =>
        cached
          ? { ...cached, items: result.ids.flatMap((id) => cached.items.filter((item) => item.id === id)) }
          : cached,
      );
    },
    onError: () => invalidateLibrary(queryClient, modelSlug()),
  }));
}

/** Sets a model's consent expiry (admins). */
export function useSetConsent(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['models', 'setConsent', { modelSlug: modelSlug() }] as const,
    mutationFn: (consentExpiresAt: Date | null) =>
      trpc.models.setConsent.mutate({ modelSlug: modelSlug(), consentExpiresAt }),
    onSuccess: (model) => {
      queryClient.setQueryData(modelsKeys.byId(model.slug), model);
      void invalidateLibrary(queryClient, model.slug);
      return queryClient.invalidateQueries({ queryKey: modelsKeys.all });
    },
  }));
}
