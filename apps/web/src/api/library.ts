/**
 * The library's other procedures, wrapped once: `categories.*`, `media.facets`, `media.count`, `media.bulk`,
 * `media.update` and `tags.suggest`. Keys: `['categories', 'list', { modelSlug }]`,
 * `['media', 'facets' | 'count', { modelSlug, … }]`, `['tags', 'suggest', { modelSlug, prefix }]`.
 * Bulk actions and category changes invalidate the model's views, facets, counts and categories.
 */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import type { BulkAction, DownloadKind, MediaFilterInput } from '@phoenix4ge/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';
import { addBulkJob } from '../stores/bulk-jobs';
import type { MediaDetail } from './media';
import { invalidateLibrary, mediaKeys, upsertMediaInList } from './media';

export type Category = RouterOutputs['categories']['list'][number];
export type Facets = RouterOutputs['media']['facets'];
export type BulkResult = RouterOutputs['media']['bulk'];
export type MediaUpdateInput = Omit<RouterInputs['media']['update'], 'modelSlug'>;
export type SelectionInput = RouterInputs['media']['bulk']['selection'];
export type TagSuggestion = RouterOutputs['tags']['suggest'][number];

export const categoryKeys = {
  list: (modelSlug: string) => ['categories', 'list', { modelSlug }] as const,
};

/** The model's categories in their order, with item counts (not in the trash). */
export function useCategories(modelSlug: Accessor<string>) {
  return useQuery(() => ({
    queryKey: categoryKeys.list(modelSlug()),
    queryFn: () => trpc.categories.list.query({ modelSlug: modelSlug() }),
  }));
}

/**
 * Counts for the view's filter (total, per moderation status, per category), read apart from the pages so a
 * page never waits for them. The previous counts stay shown while the next arrive.
 */
export function useFacets(modelSlug: Accessor<string>, filter: Accessor<MediaFilterInput>) {
  return useQuery(() => ({
    queryKey: mediaKeys.facets(modelSlug(), filter()),
    queryFn: () => trpc.media.facets.query({ modelSlug: modelSlug(), ...filter() }),
    placeholderData: keepPreviousData,
  }));
}

/** How many items a selection means right now (`media.count`), said before a bulk action runs. */
export function useSelectionCount(
  modelSlug: Accessor<string>,
  selection: Accessor<SelectionInput | undefined>,
) {
  return useQuery(() => ({
    queryKey: [...mediaKeys.counts(modelSlug()), selection()] as const,
    queryFn: () => {
      const value = selection();
      if (!value) throw new Error('no selection');
      return trpc.media.count.query({ modelSlug: modelSlug(), selection: value });
    },
    enabled: selection() !== undefined,
    placeholderData: keepPreviousData,
  }));
}

/** Reads the count once (the confirm dialogs ask at the moment they open). */
export function fetchSelectionCount(modelSlug: string, selection: SelectionInput) {
  return trpc.media.count.query({ modelSlug, selection });
}

export interface BulkRequest {
  selection: SelectionInput;
  action: BulkAction;
  /** What it does, for the progress of a queued job ("Move to Portraits"). */
  label: string;
}

/**
 * `media.bulk`: done at once (up to 1,000 items) or queued as a job whose progress the library shows. Either way
 * the model's views, counts and categories are read again (a queued job's finish does that once more).
 */
export function useBulkAction(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['media', 'bulk', { modelSlug: modelSlug() }] as const,
    mutationFn: (request: BulkRequest) =>
      trpc.media.bulk.mutate({
        modelSlug: modelSlug(),
        selection: request.selection,
        action: request.action,
      }),
    onSuccess: (result, request) => {
      if (result.status === 'queued') addBulkJob(modelSlug(), result.jobId, request.label, result.count);
    },
    onSettled: () => invalidateLibrary(queryClient, modelSlug()),
  }));
}

/**
 * `media.update`: one item's alt text, caption, category, tags or focal point, based on the revision the editor
 * saw. The answer (the item now) goes into the detail and the views; a CONFLICT is the caller's to show.
 */
export function useUpdateMedia(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['media', 'update', { modelSlug: modelSlug() }] as const,
    mutationFn: (input: MediaUpdateInput) => trpc.media.update.mutate({ modelSlug: modelSlug(), ...input }),
    onSuccess: (item) => {
      queryClient.setQueryData<MediaDetail>(mediaKeys.byId(modelSlug(), item.id), (detail) =>
        detail ? { ...detail, ...item } : detail,
      );
      upsertMediaInList(queryClient, modelSlug(), item);
      void queryClient.invalidateQueries({ queryKey: mediaKeys.facets(modelSlug()) });
      void queryClient.invalidateQueries({ queryKey: categoryKeys.list(modelSlug()) });
    },
  }));
}

/**
 * `media.prepareDownload`: a ZIP of the selection's originals or of one preset's files, answered as a short-lived
 * URL that only this user may fetch (the browser follows it; the archive streams as it is written).
 */
export function usePrepareDownload(modelSlug: Accessor<string>) {
  return useMutation(() => ({
    mutationKey: ['media', 'prepareDownload', { modelSlug: modelSlug() }] as const,
    mutationFn: (input: { selection: SelectionInput; kind: DownloadKind }) =>
      trpc.media.prepareDownload.mutate({ modelSlug: modelSlug(), ...input }),
  }));
}

/** The model's tags starting with `prefix`, most used first (autocomplete). */
export function useTagSuggestions(
  modelSlug: Accessor<string>,
  prefix: Accessor<string>,
  enabled: Accessor<boolean>,
) {
  return useQuery(() => ({
    queryKey: ['tags', 'suggest', { modelSlug: modelSlug(), prefix: prefix().trim().toLowerCase() }] as const,
    queryFn: () => trpc.tags.suggest.query({ modelSlug: modelSlug(), prefix: prefix().trim(), limit: 8 }),
    enabled: enabled(),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  }));
}

function useCategoryMutation<Input, Output>(
  modelSlug: Accessor<string>,
  call: (slug: string, input: Input) => Promise<Output>,
) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationFn: (input: Input) => call(modelSlug(), input),
    onSettled: () => invalidateLibrary(queryClient, modelSlug()),
  }));
}

export function useCreateCategory(modelSlug: Accessor<string>) {
  return useCategoryMutation(modelSlug, (slug, input: { name: string; color?: string }) =>
    trpc.categories.create.mutate({ modelSlug: slug, ...input }),
  );
}

export function useUpdateCategory(modelSlug: Accessor<string>) {
  return useCategoryMutation(modelSlug, (slug, input: { id: number; name?: string; color?: string }) =>
    trpc.categories.update.mutate({ modelSlug: slug, ...input }),
  );
}

export function useDeleteCategory(modelSlug: Accessor<string>) {
  return useCategoryMutation(modelSlug, (slug, id: number) =>
    trpc.categories.delete.mutate({ modelSlug: slug, id }),
  );
}

/** The new order, shown at once (optimistic) and rolled back if the api refuses it. */
export function useReorderCategories(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationFn: (ids: number[]) => trpc.categories.reorder.mutate({ modelSlug: modelSlug(), ids }),
    onMutate: async (ids: number[]) => {
      const key = categoryKeys.list(modelSlug());
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Category[]>(key);
      if (before) {
        const byId = new Map(before.map((category) => [category.id, category]));
        queryClient.setQueryData<Category[]>(
          key,
          ids.flatMap((id, index) => {
            const category = byId.get(id);
            return category ? [{ ...category, sortOrder: index }] : [];
          }),
        );
      }
      return { before };
    },
    onError: (_error, _ids, context) => {
      if (context?.before) queryClient.setQueryData(categoryKeys.list(modelSlug()), context.before);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: categoryKeys.list(modelSlug()) }),
  }));
}
