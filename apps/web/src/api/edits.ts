/**
 * `edits.*` wrapped once: a photo's saved versions (`history`), saving a new one (`apply`), going back to an
 * old one (`revert`) and the server's render of an operation list (`preview`, a mutation so it is never cached
 * by anyone on the way). Keys: `['edits', 'history', { modelSlug, mediaId }]`.
 *
 * A saved version renders in the worker; its progress arrives over `media.onChange` (`{ kind: 'edit' }`, see
 * `useLiveMediaChanges`) into stores/edit-progress.ts, and the item's `media.changed` re-reads it when the new
 * version is switched in.
 */
import type { RouterOutputs } from '@phoenix4ge/api/router';
import type { EditOperation, LibraryItem, MediaSummary } from '@phoenix4ge/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';
import { startEditProgress } from '../stores/edit-progress';

export type EditHistory = RouterOutputs['edits']['history'];
export type EditSaved = RouterOutputs['edits']['apply'];
export type EditPreview = RouterOutputs['edits']['preview'];

/** The largest preview the api renders (`EditPreviewInputSchema.maxSize`). */
export const PREVIEW_MAX_SIZE = 1200;

export const editKeys = {
  history: (modelSlug: string, mediaId: number) => ['edits', 'history', { modelSlug, mediaId }] as const,
};

/** The saved version an item shows (0: as uploaded). */
export function currentVersionOf(item: MediaSummary | LibraryItem | undefined): number {
  return item?.currentVersion ?? 0;
}

/** How often the history is read while a saved version renders (in case its live events are missed). */
export const RENDERING_POLL_MS = 2_000;

/** A photo's versions; read again every few seconds while `polling()` (a version of it is rendering). */
export function useEditHistory(
  modelSlug: Accessor<string>,
  mediaId: Accessor<number>,
  polling: Accessor<boolean> = () => false,
) {
  return useQuery(() => ({
    queryKey: editKeys.history(modelSlug(), mediaId()),
    queryFn: () => trpc.edits.history.query({ modelSlug: modelSlug(), mediaId: mediaId() }),
    staleTime: 0,
    refetchInterval: polling() ? RENDERING_POLL_MS : false,
  }));
}

/** Re-reads a photo's history (a version was saved, switched in or failed). */
export function invalidateEditHistory(
  queryClient: ReturnType<typeof useQueryClient>,
  modelSlug: string,
  mediaId: number,
) {
  return queryClient.invalidateQueries({ queryKey: editKeys.history(modelSlug, mediaId) });
}

/**
 * `edits.apply`: the operation list as a new version, based on the version the editor opened (a CONFLICT when
 * that is no longer the current one, or when the item cannot be edited now). The answer starts the version's
 * progress, which live events then carry on.
 */
export function useApplyEdit(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['edits', 'apply', { modelSlug: modelSlug() }] as const,
    mutationFn: (input: { mediaId: number; baseVersion: number; operations: EditOperation[] }) =>
      trpc.edits.apply.mutate({ modelSlug: modelSlug(), ...input }),
    onSuccess: (saved, input) => startEditProgress(modelSlug(), input.mediaId, saved.version),
    onSettled: (_saved, _error, input) => invalidateEditHistory(queryClient, modelSlug(), input.mediaId),
  }));
}

/** `edits.revert`: a new version equal to `toVersion` (history is never rewritten). */
export function useRevertEdit(modelSlug: Accessor<string>) {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['edits', 'revert', { modelSlug: modelSlug() }] as const,
    mutationFn: (input: { mediaId: number; baseVersion: number; toVersion: number }) =>
      trpc.edits.revert.mutate({ modelSlug: modelSlug(), ...input }),
    onSuccess: (saved, input) => startEditProgress(modelSlug(), input.mediaId, saved.version),
    onSettled: (_saved, _error, input) => invalidateEditHistory(queryClient, modelSlug(), input.mediaId),
  }));
}

/** The server's render of an operation list (what saving it would make), at most `maxSize` px on its longer side. */
export function fetchEditPreview(
  modelSlug: string,
  mediaId: number,
  operations: EditOperation[],
  maxSize: number,
  signal?: AbortSignal,
): Promise<EditPreview> {
  return trpc.edits.preview.mutate({ modelSlug, mediaId, operations, maxSize }, { signal });
}
