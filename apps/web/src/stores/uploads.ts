/**
 * The upload queue: every file the user dropped, picked or pasted, one request per file, at most three in
 * flight. UI state, so a store; it lives for the whole app (not the page), so uploads carry on while the user
 * looks at another page and the rows are still there after signing in again.
 *
 * - `[state, actions] = createUploadQueue(deps)`; `deps.send` is the transport (XMLHttpRequest in the app, a
 *   fake in the spec). The app's queue is `uploads` at the bottom.
 * - Near-duplicates are not in the upload's answer (the api decodes no pixels): the worker announces them once
 *   the item is processed, and `nearDuplicatesFound` puts them on the row (stores/near-duplicates.ts).
 * - A 401 pauses the queue and sends the user to sign in; when the same user is back, the files that failed
 *   with it go back into the queue and it resumes. A different user gets an empty queue.
 */
import type { MediaSummary, NearDuplicate } from '@phoenix4ge/shared';
import { hashKey } from '@tanstack/solid-query';
import { createStore, produce } from 'solid-js/store';
import type { Me } from '../api/auth';
import { authKeys, userOf } from '../api/auth';
import { upsertMediaInList } from '../api/media';
import type { PickedFile } from '../lib/file-drop';
import { queryClient, sessionEnded } from '../lib/query-client';
import type { UploadFieldValues, UploadRequest, UploadResult } from '../lib/upload-request';
import { sendUpload } from '../lib/upload-request';
import { knownNearDuplicates, onNearDuplicates } from './near-duplicates';

export const MAX_IN_FLIGHT = 3;

export type UploadStatus =
  | 'queued'
  | 'uploading'
  | 'created'
  | 'duplicate'
  | 'rejected'
  | 'failed'
  | 'cancelled';

export interface UploadItem {
  id: number;
  modelSlug: string;
  name: string;
  /** Folder path inside a dropped or picked folder, else the name. */
  path: string;
  size: number;
  fields: UploadFieldValues;
  status: UploadStatus;
  /** Bytes of the file sent so far. */
  loaded: number;
  /** The whole file is sent and the server is checking it. */
  sent: boolean;
  /** The created media, or the existing one a duplicate matched. */
  mediaId: number | null;
  /** Existing items that look like this one (created uploads only), as the worker announced them. */
  nearDuplicates: NearDuplicate[];
  error: { code: string; message: string } | null;
  /** A failure worth another try (network, 5xx, ended session). */
  retryable: boolean;
  /** Failed because the session ended: retried by itself once the same user signs in again. */
  awaitingSignIn: boolean;
}

export interface UploadQueueState {
  items: UploadItem[];
  /** No new request starts (the session ended). */
  paused: boolean;
  /** The latest message for the aria-live region. */
  announcement: string;
}

export interface UploadQueueDeps {
  send(options: {
    modelSlug: string;
    file: File;
    fields: UploadFieldValues;
    onProgress: (loaded: number, total: number) => void;
    onSent: () => void;
  }): UploadRequest;
  /** Created or matched media: shown in the library grid. */
  onMedia?(modelSlug: string, media: MediaSummary): void;
  /** A 401: the session is gone. */
  onSessionEnded?(message: string): void;
  /** Near-duplicates already announced for a media (the announcement can beat the upload's answer). */
  knownNearDuplicates?(modelSlug: string, mediaId: number): NearDuplicate[];
}

const finalStatuses: ReadonlySet<UploadStatus> = new Set(['created', 'duplicate', 'rejected', 'cancelled']);
const activeStatuses: ReadonlySet<UploadStatus> = new Set(['queued', 'uploading']);

export function isActive(item: UploadItem): boolean {
  return activeStatuses.has(item.status);
}

/** Whole percent of one row: final outcomes are complete; a failure shows how far it got. */
export function rowPercent(item: UploadItem): number {
  if (item.status === 'created' || item.status === 'duplicate' || item.status === 'rejected') return 100;
  if (item.size === 0) return item.sent ? 100 : 0;
  return Math.min(100, Math.floor((item.loaded / item.size) * 100));
}

/** Bytes done of the rows shown (cancelled ones left out): judged files count whole, others as far as sent. */
export function overallProgress(items: readonly UploadItem[]) {
  let total = 0;
  let done = 0;
  let finished = 0;
  let counted = 0;
  for (const item of items) {
    if (item.status === 'cancelled') continue;
    counted += 1;
    total += item.size;
    if (item.status === 'created' || item.status === 'duplicate' || item.status === 'rejected') {
      done += item.size;
      finished += 1;
    } else if (item.status === 'uploading') {
      done += item.loaded;
    }
  }
  const percent = total === 0 ? (counted > 0 && finished === counted ? 100 : 0) : (done / total) * 100;
  return { total, done, files: counted, finished, percent: Math.min(100, Math.floor(percent)) };
}

export function countByStatus(items: readonly UploadItem[]): Record<UploadStatus, number> {
  const counts: Record<UploadStatus, number> = {
    queued: 0,
    uploading: 0,
    created: 0,
    duplicate: 0,
    rejected: 0,
    failed: 0,
    cancelled: 0,
  };
  for (const item of items) counts[item.status] += 1;
  return counts;
}

/** "3 added, 1 already in the library, 1 rejected" — the parts that are not zero. */
export function describeCounts(counts: Record<UploadStatus, number>): string {
  const parts = [
    counts.created > 0 ? `${counts.created} added` : '',
    counts.duplicate > 0 ? `${counts.duplicate} already in the library` : '',
    counts.rejected > 0 ? `${counts.rejected} rejected` : '',
    counts.failed > 0 ? `${counts.failed} failed` : '',
    counts.cancelled > 0 ? `${counts.cancelled} cancelled` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'nothing uploaded';
}

export function createUploadQueue(deps: UploadQueueDeps) {
  const [state, setState] = createStore<UploadQueueState>({ items: [], paused: false, announcement: '' });
  /** File objects stay outside the store (they are not state to render, and stores would not wrap them). */
  const files = new Map<number, File>();
  const requests = new Map<number, UploadRequest>();
  let nextId = 1;

  const indexOf = (id: number) => state.items.findIndex((item) => item.id === id);
  const update = (id: number, change: (item: UploadItem) => void) => {
    const index = indexOf(id);
    if (index >= 0) setState('items', index, produce(change));
  };
  const announce = (message: string) => setState('announcement', message);
  const announceNearDuplicates = (name: string, count: number) =>
    announce(`${name} looks like ${count} item(s) already in the library`);

  function pump() {
    if (state.paused) return;
    while (requests.size < MAX_IN_FLIGHT) {
      const next = state.items.find((item) => item.status === 'queued');
      if (!next) return;
      start(next.id);
    }
  }

  function start(id: number) {
    const item = state.items[indexOf(id)];
    const file = files.get(id);
    if (!item || !file) return;
    update(id, (row) => {
      row.status = 'uploading';
      row.loaded = 0;
      row.sent = false;
      row.error = null;
    });
    const request = deps.send({
      modelSlug: item.modelSlug,
      file,
      fields: item.fields,
      onProgress: (loaded, total) =>
        update(id, (row) => {
          // The body is the file plus a little multipart framing; report it as file bytes.
          row.loaded = total > 0 ? Math.min(row.size, Math.round((loaded / total) * row.size)) : 0;
        }),
      onSent: () =>
        update(id, (row) => {
          row.loaded = row.size;
          row.sent = true;
        }),
    });
    requests.set(id, request);
    void request.result.then((result) => finish(id, result));
  }

  function finish(id: number, result: UploadResult) {
    requests.delete(id);
    const item = state.items[indexOf(id)];
    if (!item) {
      pump();
      return;
    }
    const modelSlug = item.modelSlug;
    if (result.kind === 'aborted') {
      update(id, (row) => {
        row.status = 'cancelled';
        row.sent = false;
      });
    } else if (result.kind === 'outcome') {
      const outcome = result.outcome;
      update(id, (row) => {
        row.status = outcome.status;
        row.loaded = row.size;
        row.sent = true;
        row.retryable = false;
        row.awaitingSignIn = false;
        if (outcome.status === 'rejected') {
          row.error = { code: outcome.error.code, message: outcome.error.message };
        } else {
          row.mediaId = outcome.id;
          row.nearDuplicates =
            outcome.status === 'created' ? (deps.knownNearDuplicates?.(modelSlug, outcome.id) ?? []) : [];
          row.error = null;
        }
      });
      if (outcome.status === 'rejected') {
        announce(`${item.name} was rejected: ${outcome.error.message}`);
      } else {
        if (outcome.status === 'duplicate') announce(`${item.name} is already in the library`);
        const near = state.items[indexOf(id)]?.nearDuplicates.length ?? 0;
        if (near > 0) announceNearDuplicates(item.name, near);
        deps.onMedia?.(modelSlug, outcome.media);
      }
    } else {
      const failure = result.failure;
      update(id, (row) => {
        row.status = 'failed';
        row.sent = false;
        row.error = { code: failure.code, message: failure.message };
        row.retryable = failure.retryable;
        row.awaitingSignIn = failure.sessionEnded;
      });
      if (failure.sessionEnded) {
        if (!state.paused) {
          setState('paused', true);
          deps.onSessionEnded?.('Your session has ended. Sign in again and your uploads will carry on.');
        }
      } else {
        announce(`${item.name} failed: ${failure.message}`);
      }
    }
    announceIfDrained(modelSlug);
    pump();
  }

  /** Back to waiting, in its old place in the list (requests start in list order). */
  function requeue(id: number) {
    update(id, (row) => {
      if (row.status !== 'failed' && row.status !== 'cancelled') return;
      row.status = 'queued';
      row.loaded = 0;
      row.sent = false;
      row.error = null;
      row.awaitingSignIn = false;
    });
  }

  function announceIfDrained(modelSlug: string) {
    const rows = state.items.filter((item) => item.modelSlug === modelSlug);
    if (rows.some(isActive)) return;
    announce(`Uploads finished: ${describeCounts(countByStatus(rows))}.`);
  }

  const actions = {
    /** Queues files for a model with the batch's alt text and caption; returns how many were queued. */
    add(modelSlug: string, picked: readonly PickedFile[], fields: UploadFieldValues = {}): number {
      if (picked.length === 0) return 0;
      const batchFields: UploadFieldValues = {};
      if (fields.altText?.trim()) batchFields.altText = fields.altText.trim();
      if (fields.caption?.trim()) batchFields.caption = fields.caption.trim();
      const rows: UploadItem[] = picked.map(({ file, path }) => {
        const id = nextId++;
        files.set(id, file);
        return {
          id,
          modelSlug,
          name: file.name,
          path,
          size: file.size,
          fields: { ...batchFields },
          status: 'queued',
          loaded: 0,
          sent: false,
          mediaId: null,
          nearDuplicates: [],
          error: null,
          retryable: false,
          awaitingSignIn: false,
        };
      });
      setState('items', (items) => [...items, ...rows]);
      announce(
        `${rows.length === 1 ? `${rows[0]?.name}` : `${rows.length} files`} added to the upload queue.`,
      );
      pump();
      return rows.length;
    },

    /** Stops a file: a queued one never starts, an uploading one is aborted. */
    cancel(id: number) {
      const request = requests.get(id);
      if (request) {
        request.abort();
        return;
      }
      update(id, (row) => {
        if (row.status === 'queued') row.status = 'cancelled';
      });
      const item = state.items[indexOf(id)];
      if (item) announceIfDrained(item.modelSlug);
    },

    cancelAll(modelSlug: string) {
      for (const item of state.items.filter((row) => row.modelSlug === modelSlug && isActive(row))) {
        actions.cancel(item.id);
      }
    },

    /** Puts a failed or cancelled file back in the queue. */
    retry(id: number) {
      requeue(id);
      pump();
    },

    retryFailed(modelSlug: string) {
      for (const item of state.items) {
        if (item.modelSlug === modelSlug && item.status === 'failed' && item.retryable) requeue(item.id);
      }
      pump();
    },

    /** Removes one row that is not running. */
    remove(id: number) {
      const item = state.items[indexOf(id)];
      if (!item || isActive(item)) return;
      files.delete(id);
      setState('items', (items) => items.filter((row) => row.id !== id));
    },

    /** Removes the rows that are done with (failed rows stay until retried or removed). */
    clearFinished(modelSlug: string) {
      const cleared = state.items.filter(
        (item) => item.modelSlug === modelSlug && finalStatuses.has(item.status),
      );
      for (const item of cleared) files.delete(item.id);
      const ids = new Set(cleared.map((item) => item.id));
      setState('items', (items) => items.filter((item) => !ids.has(item.id)));
    },

    pause() {
      setState('paused', true);
    },

    /** Carries on after the same user signed in again, retrying what failed for the ended session. */
    resume() {
      setState('paused', false);
      for (const item of state.items) if (item.awaitingSignIn) requeue(item.id);
      pump();
    },

    /** Aborts everything and forgets every row (another user signed in). */
    reset() {
      setState('paused', true);
      for (const request of requests.values()) request.abort();
      requests.clear();
      files.clear();
      setState({ items: [], paused: false, announcement: '' });
    },

    /** The worker found items that look like a media this queue created: its row shows them. */
    nearDuplicatesFound(modelSlug: string, mediaId: number, items: NearDuplicate[]) {
      const row = state.items.find(
        (item) => item.modelSlug === modelSlug && item.mediaId === mediaId && item.status === 'created',
      );
      if (!row || items.length === 0) return;
      update(row.id, (changed) => {
        changed.nearDuplicates = items;
      });
      announceNearDuplicates(row.name, items.length);
    },

    /** Files still queued or uploading, on any model. */
    activeCount(): number {
      return state.items.filter(isActive).length;
    },
  };

  return [state, actions] as const;
}

export type UploadQueue = ReturnType<typeof createUploadQueue>;

// The app's queue. Created media goes straight into the cached library list.
const [uploadState, uploadActions] = createUploadQueue({
  send: sendUpload,
  onMedia: (modelSlug, media) => upsertMediaInList(queryClient, modelSlug, media),
  onSessionEnded: (message) => sessionEnded(message),
  knownNearDuplicates,
});
onNearDuplicates(uploadActions.nearDuplicatesFound);

export { uploadActions, uploadState };

// Who the queue belongs to: an ended session pauses it; the same user signing in again resumes it.
let owner: number | undefined = userOf(queryClient.getQueryData<Me>(authKeys.me))?.id;
queryClient.getQueryCache().subscribe((event) => {
  if (event.type !== 'updated' || event.query.queryHash !== hashKey(authKeys.me)) return;
  const me = event.query.state.data as Me | undefined;
  if (me === undefined) return;
  const user = userOf(me);
  if (!user) {
    uploadActions.pause();
    return;
  }
  if (owner !== undefined && owner !== user.id) uploadActions.reset();
  owner = user.id;
  if (uploadState.paused) uploadActions.resume();
});

// Leaving the page would drop the uploads still running or waiting; the browser asks first.
if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (event) => {
    if (uploadActions.activeCount() === 0) return;
    event.preventDefault();
    event.returnValue = '';
  });
}
