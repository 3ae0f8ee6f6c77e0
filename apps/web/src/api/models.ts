/** Every `models.*` procedure, wrapped once. Mutations invalidate the `['models']` prefix. */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import type { CreateModel } from '@phoenix4ge/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';

export type Model = RouterOutputs['models']['list'][number];
export type ModelDetail = RouterOutputs['models']['byId'];
export type ModelRole = 'admin' | 'editor' | 'viewer';
type UpdateModelInput = RouterInputs['models']['update'];

export const modelsKeys = {
  all: ['models'] as const,
  list: (includeArchived: boolean) => ['models', 'list', { includeArchived }] as const,
  byId: (modelSlug: string) => ['models', 'byId', { modelSlug }] as const,
};

/** The caller's role on a model, as the api reports it (`admin` for admins on every model). */
export function roleOf(model: { role: string | null } | undefined): ModelRole | undefined {
  const role = model?.role;
  return role === 'admin' || role === 'editor' || role === 'viewer' ? role : undefined;
}

/** The models the signed-in caller can see; archived ones only for admins who ask. */
export function useModels(includeArchived: Accessor<boolean> = () => false) {
  return useQuery(() => ({
    queryKey: modelsKeys.list(includeArchived()),
    queryFn: () => trpc.models.list.query({ includeArchived: includeArchived() }),
  }));
}

export function useModel(modelSlug: Accessor<string>) {
  return useQuery(() => ({
    queryKey: modelsKeys.byId(modelSlug()),
    queryFn: () => trpc.models.byId.query({ modelSlug: modelSlug() }),
  }));
}

export function useCreateModel() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['models', 'create', null] as const,
    mutationFn: (input: CreateModel) => trpc.models.create.mutate(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelsKeys.all }),
  }));
}

export function useUpdateModel() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['models', 'update', null] as const,
    mutationFn: (input: UpdateModelInput) => trpc.models.update.mutate(input),
    onSuccess: (model) => {
      queryClient.setQueryData(modelsKeys.byId(model.slug), model);
      return queryClient.invalidateQueries({ queryKey: modelsKeys.all });
    },
  }));
}

export function useArchiveModel() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['models', 'archive', null] as const,
    mutationFn: (input: { modelSlug: string; archived: boolean }) => trpc.models.archive.mutate(input),
    onSuccess: (model) => {
      queryClient.setQueryData(modelsKeys.byId(model.slug), model);
      return queryClient.invalidateQueries({ queryKey: modelsKeys.all });
    },
  }));
}

// GDPR: export and erasure (admins).

export type ModelExport = RouterOutputs['models']['exports'][number];
export type ModelDataProgress = {
  kind: 'export' | 'erase';
  exportId: number | null;
  done: number;
  total: number;
  state: 'running' | 'ready' | 'failed';
};

export const exportsKey = (modelSlug: string) => ['models', 'exports', { modelSlug }] as const;

/** The model's recent exports (status, size, expiry). */
export function useModelExports(modelSlug: Accessor<string>) {
  return useQuery(() => ({
    queryKey: exportsKey(modelSlug()),
    queryFn: () => trpc.models.exports.query({ modelSlug: modelSlug() }),
  }));
}

/** Starts an export; answers its download link (shown once: only its hash is stored). */
export function useRequestExport() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['models', 'export', null] as const,
    mutationFn: (input: { modelSlug: string }) => trpc.models.export.mutate(input),
    onSuccess: (_result, input) => queryClient.invalidateQueries({ queryKey: exportsKey(input.modelSlug) }),
  }));
}

/** Starts erasing the model (`confirm`: its slug typed again). */
export function useEraseModel() {
  return useMutation(() => ({
    mutationKey: ['models', 'erase', null] as const,
    mutationFn: (input: { modelSlug: string; confirm: string }) => trpc.models.erase.mutate(input),
  }));
}
