import type { Component } from 'solid-js';
import { createMemo, For, Match, Show, Switch } from 'solid-js';
import { formatBytes } from '../../lib/format';
import { mediaCardId, revealMedia } from '../../stores/media-focus';
import type { UploadItem } from '../../stores/uploads';
import {
  countByStatus,
  describeCounts,
  isActive,
  overallProgress,
  rowPercent,
  uploadActions,
  uploadState,
} from '../../stores/uploads';
import { reasonTitle, uploadBarClass, uploadStatusBadge, uploadStatusLabel } from './labels';

/**
 * The files of this model's uploads: overall progress, then one row per file with its own progress bar and
 * outcome. The queue itself lives in stores/uploads.ts and keeps running when the page is left.
 */
export const UploadQueue: Component<{ modelSlug: string }> = (props) => {
  const rows = createMemo(() => uploadState.items.filter((item) => item.modelSlug === props.modelSlug));
  const overall = createMemo(() => overallProgress(rows()));
  const counts = createMemo(() => countByStatus(rows()));
  const running = () => counts().queued + counts().uploading;
  const retryable = () => rows().filter((item) => item.status === 'failed' && item.retryable).length;
  const clearable = () => counts().created + counts().duplicate + counts().rejected + counts().cancelled;

  return (
    <>
      {/* Announces results to screen readers; the rows below show them. */}
      <div class="visually-hidden" role="status" aria-live="polite" data-testid="upload-announcer">
        {uploadState.announcement}
      </div>
      <Show when={rows().length > 0}>
        <div class="mt-3 pt-3 border-top" data-testid="upload-queue">
          <div class="d-flex flex-wrap align-items-center gap-2 mb-2">
            <h3 class="h6 mb-0 me-auto">
              <Show when={running() > 0} fallback={<>Uploads finished: {describeCounts(counts())}</>}>
                Uploading… {overall().finished} of {overall().files} done
              </Show>
            </h3>
            <Show when={uploadState.paused && running() > 0}>
              <span class="badge text-bg-warning">Paused until you sign in again</span>
            </Show>
            <Show when={retryable() > 0}>
              <button
                type="button"
                class="btn btn-outline-primary btn-sm"
                onClick={() => uploadActions.retryFailed(props.modelSlug)}
                data-testid="upload-retry-failed"
              >
                Retry failed ({retryable()})
              </button>
            </Show>
            <Show when={running() > 0}>
              <button
                type="button"
                class="btn btn-outline-danger btn-sm"
                onClick={() => uploadActions.cancelAll(props.modelSlug)}
                data-testid="upload-cancel-all"
              >
                Cancel all
              </button>
            </Show>
            <button
              type="button"
              class="btn btn-outline-secondary btn-sm"
              disabled={clearable() === 0}
              onClick={() => uploadActions.clearFinished(props.modelSlug)}
              data-testid="upload-clear-finished"
            >
              Clear finished
            </button>
          </div>
          <div class="d-flex align-items-center gap-2 mb-3">
            <div
              class="progress flex-grow-1"
              role="progressbar"
              aria-label="All uploads"
              aria-valuemin="0"
              aria-valuemax="100"
              aria-valuenow={overall().percent}
              aria-valuetext={`${overall().percent} %, ${formatBytes(overall().done)} of ${formatBytes(overall().total)}`}
              data-testid="upload-overall-progress"
              data-percent={overall().percent}
            >
              <div
                class="progress-bar"
                classList={{
                  'progress-bar-striped progress-bar-animated': running() > 0,
                  'bg-success': running() === 0 && overall().percent === 100,
                }}
                style={{ width: `${overall().percent}%` }}
              />
            </div>
            <span class="small text-body-secondary text-nowrap">
              {formatBytes(overall().done)} of {formatBytes(overall().total)} · {overall().percent} %
            </span>
          </div>
          <ul class="list-group overflow-auto" style={{ 'max-height': '22rem' }} aria-label="Upload queue">
            <For each={rows()}>{(item) => <UploadRow item={item} />}</For>
          </ul>
        </div>
      </Show>
    </>
  );
};

const UploadRow: Component<{ item: UploadItem }> = (props) => {
  const percent = () => rowPercent(props.item);
  const checking = () => props.item.status === 'uploading' && props.item.sent;

  return (
    <li
      class="list-group-item py-2"
      data-testid="upload-row"
      data-status={props.item.status}
      data-name={props.item.name}
      data-media-id={props.item.mediaId ?? undefined}
    >
      <div class="d-flex align-items-center gap-2">
        <div class="flex-grow-1 overflow-hidden">
          <div class="text-truncate fw-medium small" title={props.item.path}>
            {props.item.path}
          </div>
          <div class="small text-body-secondary">
            {formatBytes(props.item.size)}
            <Switch>
              <Match when={checking()}> · checking on the server…</Match>
              <Match when={props.item.status === 'uploading'}> · {percent()} %</Match>
            </Switch>
          </div>
        </div>
        <span class={`badge ${uploadStatusBadge[props.item.status]}`} data-testid="upload-row-status">
          {uploadStatusLabel[props.item.status]}
        </span>
        <Show when={props.item.mediaId}>
          {(mediaId) => (
            <a
              href={`#${mediaCardId(mediaId())}`}
              class="btn btn-link btn-sm py-0"
              onClick={(event) => {
                event.preventDefault();
                revealMedia(props.item.modelSlug, mediaId());
              }}
              data-testid="upload-row-show"
            >
              <Show when={props.item.status === 'duplicate'} fallback="Show">
                Show existing
              </Show>
            </a>
          )}
        </Show>
        <Show when={isActive(props.item)}>
          <button
            type="button"
            class="btn btn-outline-secondary btn-sm py-0"
            onClick={() => uploadActions.cancel(props.item.id)}
            aria-label={`Cancel ${props.item.name}`}
            data-testid="upload-row-cancel"
          >
            Cancel
          </button>
        </Show>
        <Show
          when={(props.item.status === 'failed' && props.item.retryable) || props.item.status === 'cancelled'}
        >
          <button
            type="button"
            class="btn btn-outline-primary btn-sm py-0"
            onClick={() => uploadActions.retry(props.item.id)}
            aria-label={`Retry ${props.item.name}`}
            data-testid="upload-row-retry"
          >
            Retry
          </button>
        </Show>
        <Show when={props.item.status === 'failed' || props.item.status === 'cancelled'}>
          <button
            type="button"
            class="btn-close"
            onClick={() => uploadActions.remove(props.item.id)}
            aria-label={`Remove ${props.item.name} from the list`}
            data-testid="upload-row-remove"
          />
        </Show>
      </div>
      <div
        class="progress mt-1"
        style={{ height: '0.375rem' }}
        role="progressbar"
        aria-label={`Upload of ${props.item.name}`}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow={percent()}
        data-testid="upload-progress"
        data-percent={percent()}
      >
        <div
          class={`progress-bar ${uploadBarClass[props.item.status]}`}
          classList={{ 'progress-bar-striped progress-bar-animated': checking() }}
          style={{ width: `${percent()}%` }}
        />
      </div>
      <Switch>
        <Match when={props.item.status === 'duplicate'}>
          <div class="small text-body-secondary mt-1" data-testid="upload-row-reason">
            Already in the library — the same file was uploaded before, so it was not stored again.
          </div>
        </Match>
        <Match when={props.item.nearDuplicates.length > 0}>
          <div class="small text-warning-emphasis mt-1" data-testid="upload-row-near-duplicates">
            Looks like{' '}
            <For each={props.item.nearDuplicates}>
              {(near, index) => (
                <>
                  {index() > 0 ? ', ' : ''}
                  <a
                    href={`#${mediaCardId(near.id)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      revealMedia(props.item.modelSlug, near.id);
                    }}
                    title={`${near.distance} of 64 bits differ`}
                  >
                    {near.originalFilename}
                  </a>
                </>
              )}
            </For>{' '}
            already in the library — a likely near-duplicate.
          </div>
        </Match>
        <Match when={props.item.error}>
          {(error) => (
            <div
              class="small mt-1"
              classList={{
                'text-danger': props.item.status === 'rejected',
                'text-warning-emphasis': props.item.status === 'failed',
              }}
              data-testid="upload-row-reason"
              data-code={error().code}
            >
              <strong>{reasonTitle(error().code)}:</strong> {error().message}
              <Show when={props.item.awaitingSignIn}> — retried when you sign in again</Show>
            </div>
          )}
        </Match>
      </Switch>
    </li>
  );
};
