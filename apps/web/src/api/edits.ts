/**
 * `edits.*` wrapped once: a photo's saved versions (`history`), saving a new one (`apply`), going back to an
 * old one (`revert`) and the server's render of an operation list (`preview`, a mutation so it is never cached
 * by anyone on the way). Keys: `['edits', 'history', { modelSlug, mediaId }]`.
 *
 * A saved version renders in the worker; its progress arrives over `media.onChange` (`{ kind: 'edit' }`, see
 * `useLiveMediaChanges`) into stores/edit-progress.ts, and the item's `media.changed` re-reads it when the new
 * version is switched in.
 */
import type {
  EditApplyInput,
  EditOperation,
  EditVersionView,
  LibraryItem,
  MediaSummary,
} from '@phoenix4ge/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';
import { startEditProgress } from '../stores/edit-progress';

export interface EditHistory {
  mediaId: number;
  currentVersion: number;
  /** The version the public site shows (the last approved); null while none is. */
  publicVersion: number | null;
  /** The original's upright size: crop rectangles are in these pixels. */
  uprightWidth: number;
  uprightHeight: number;
  /** Newest first; version 0 is the original. */
  versions: EditVersionView[];
}

export interface EditSaved {
  version: number;
  operationId: number | string;
}

export interface EditPreview {
  /** `data:image/jpeg;base64,…` */
  dataUrl: string;
  width: number;
  height: number;
}

type WithModel<T> = T & { modelSlug: string };

/** The edits router as the contract describes it (until the api's `AppRouter` has it, see `editsClient`). */
interface EditsProcedures {
  history: { query(input: { modelSlug: string; mediaId: number }): Promise<EditHistory> };
  apply: { mutate(input: WithModel<EditApplyInput>): Promise<EditSaved> };
  revert: {
    mutate(input: WithModel<{ mediaId: number; baseVersion: number; toVersion: number }>): Promise<EditSaved>;
  };
  preview: {
    mutate(
      input: WithModel<{ mediaId: number; operations: EditOperation[]; maxSize?: number }>,
      options?: { signal?: AbortSignal },
    ): Promise<EditPreview>;
  };
}

/**
 * `trpc.edits`, typed from the contract. The tRPC client is a proxy that calls any path, so this works whether or
 * not this build's `AppRouter` type has the router yet; once it does, `trpc.edits` may replace the cast.
 */
const editsClient = (trpc as unknown as { edits: EditsProcedures }).edits;

/** The largest preview the api renders (`EditPreviewInputSchema.maxSize`). */
export const PREVIEW_MAX_SIZE = 1200;

export const editKeys = {
  history: (modelSlug: string, mediaId: number) => ['edits', 'history', { modelSlug, mediaId }] as const,
};

/** The saved version an item shows (0, the original, when the api does not say). */
export function currentVersionOf(item: MediaSummary | LibraryItem | undefined): number {
  const version = (item as { currentVersion?: unknown } | undefined)?.currentVersion;
  return typeof version === 'number' ? version : 0;
}

/** Whether a saved edit of the item is rendering now (`idle` when the api does not say). */
export function editStatusOf(item: MediaSummary | LibraryItem | undefined): 'idle' | 'rendering' {
  return (item as { editStatus?: unknown } | undefined)?.editStatus === 'rendering' ? 'rendering' : 'idle';
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
    queryFn: () => editsClient.history.query({ modelSlug: modelSlug(), mediaId: mediaId() }),
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
      editsClient.apply.mutate({ modelSlug: modelSlug(), ...input }),
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
      editsClient.revert.mutate({ modelSlug: modelSlug(), ...input }),
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
  return editsClient.preview.mutate({ modelSlug, mediaId, operations, maxSize }, { signal });
}
