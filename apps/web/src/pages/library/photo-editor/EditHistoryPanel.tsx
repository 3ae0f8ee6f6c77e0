import type { EditVersionView } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { For, Match, Show, Switch } from 'solid-js';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingSpinner } from '../../../components/LoadingSpinner';
import { describeError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { describeOperations } from './edit-summary';
import type { PhotoEditorController } from './photo-editor.controller';

const versionName = (version: number) => (version === 0 ? 'Original' : `Version ${version}`);

/** What a version does; a revert says which version it copies. */
function summary(version: EditVersionView): string {
  if (version.revertedFrom === 0) return 'Reverted to the original';
  if (version.revertedFrom !== null)
    return `Reverted to version ${version.revertedFrom}: ${describeOperations(version.operations)}`;
  return describeOperations(version.operations);
}

/**
 * Every saved version, newest first: its thumbnail (a placeholder once its files were purged; reverting to it
 * renders them again), who saved it and when, what it does, and whether it is the current one, the public one
 * (the last approved) or waiting for moderation. "Revert to this" makes a new version equal to it.
 */
export const EditHistoryPanel: Component<{ editor: PhotoEditorController }> = (props) => {
  const editor = () => props.editor;
  return (
    <Switch>
      <Match when={editor().history()}>
        {(history) => (
          <ol class="list-unstyled mb-0 d-grid gap-2" data-testid="edit-history" aria-label="Saved versions">
            <For each={history().versions}>
              {(version) => (
                <VersionRow
                  version={version}
                  isPublic={history().publicVersion === version.version}
                  editor={editor()}
                />
              )}
            </For>
          </ol>
        )}
      </Match>
      <Match when={editor().historyQuery.isError}>
        <ErrorAlert title="Could not load the versions" message={describeError(editor().historyQuery.error)}>
          <button
            type="button"
            class="btn btn-sm btn-outline-danger"
            onClick={() => void editor().historyQuery.refetch()}
          >
            Try again
          </button>
        </ErrorAlert>
      </Match>
      <Match when={true}>
        <LoadingSpinner label="Loading the versions…" />
      </Match>
    </Switch>
  );
};

const VersionRow: Component<{
  version: EditVersionView;
  isPublic: boolean;
  editor: PhotoEditorController;
}> = (props) => {
  const pendingModeration = () =>
    !props.isPublic &&
    (props.version.moderationStatus === 'pending' || props.version.moderationStatus === 'flagged');
  return (
    <li
      class="card card-body p-2 small"
      classList={{ 'border-primary': props.version.current }}
      data-testid="edit-version"
      data-version={props.version.version}
      data-current={props.version.current ? 'true' : undefined}
    >
      <div class="d-flex gap-2">
        <div class="photo-editor-version-thumb flex-none rounded overflow-hidden bg-body-secondary">
          <Show
            when={props.version.thumbUrl}
            fallback={
              <span
                class="w-100 h-100 d-flex align-items-center justify-content-center text-body-secondary text-center"
                title="Its files were removed to save space; reverting to it renders them again"
                data-testid="edit-version-purged"
              >
                Files removed
              </span>
            }
          >
            {(url) => <img src={url()} alt="" class="w-100 h-100 object-fit-cover" loading="lazy" />}
          </Show>
        </div>
        <div class="min-w-0 flex-grow-1">
          <div class="d-flex flex-wrap align-items-center gap-1">
            <span class="fw-semibold me-1">{versionName(props.version.version)}</span>
            <Show when={props.version.current}>
              <span class="badge text-bg-primary" data-testid="edit-version-current">
                Current
              </span>
            </Show>
            <Show when={props.isPublic}>
              <span class="badge text-bg-success" data-testid="edit-version-public">
                Public
              </span>
            </Show>
            <Show when={pendingModeration()}>
              <span class="badge bg-warning-subtle text-warning-emphasis border border-warning-subtle">
                Pending moderation
              </span>
            </Show>
            <Show when={props.version.status === 'rendering'}>
              <span class="badge bg-info-subtle text-info-emphasis border border-info-subtle">Rendering</span>
            </Show>
            <Show when={props.version.status === 'failed'}>
              <span class="badge bg-danger-subtle text-danger-emphasis border border-danger-subtle">
                Render failed
              </span>
            </Show>
          </div>
          <div class="text-body-secondary">
            {props.version.authorEmail ?? (props.version.version === 0 ? 'Uploaded' : 'Unknown author')} ·{' '}
            {formatDateTime(props.version.createdAt)}
          </div>
          <div class="text-break" data-testid="edit-version-summary">
            {summary(props.version)}
          </div>
        </div>
      </div>
      <Show when={!props.version.current && props.version.status !== 'failed'}>
        <div class="mt-2 text-end">
          <ConfirmButton
            label="Revert to this"
            title={`Revert to ${versionName(props.version.version).toLowerCase()}?`}
            confirmLabel="Revert"
            variant="primary"
            buttonClass="btn btn-outline-primary btn-sm"
            disabled={props.editor.busy()}
            onConfirm={() => props.editor.revertTo(props.version.version)}
            testId="edit-version-revert"
          >
            <p class="mb-2">
              A new version is made that looks like {versionName(props.version.version).toLowerCase()}; every
              version stays in the history, so this can be undone by reverting again.
            </p>
            <Show when={props.editor.dirty()}>
              <p class="mb-0 text-warning-emphasis">
                The changes you have not saved in the editor are dropped.
              </p>
            </Show>
          </ConfirmButton>
        </div>
      </Show>
    </li>
  );
};
