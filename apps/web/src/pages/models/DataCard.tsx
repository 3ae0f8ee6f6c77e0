import { useNavigate } from '@solidjs/router';
import { useQueryClient } from '@tanstack/solid-query';
import type { Component } from 'solid-js';
import { createSignal, For, Show } from 'solid-js';
import type { ModelDataProgress } from '../../api/models';
import { exportsKey, modelsKeys, useEraseModel, useModelExports, useRequestExport } from '../../api/models';
import type { LiveConnection } from '../../api/system';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { formatBytes, formatDateTime } from '../../lib/format';
import { createLiveSubscription } from '../../lib/live-subscription';
import { trpc } from '../../lib/trpc';
import { showToast } from '../../stores/toasts';

const statusClass: Record<string, string> = {
  queued: 'text-bg-secondary',
  running: 'text-bg-info',
  ready: 'text-bg-success',
  failed: 'text-bg-danger',
  expired: 'text-bg-light',
};

/**
 * The model's personal data (admins): export everything stored about it as a ZIP (a job with live progress, then a
 * download link that expires), or erase the model and all of it for good (typing the slug to confirm).
 */
export const DataCard: Component = () => {
  const current = useCurrentModel();
  const slug = () => current.model().slug;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const exports = useModelExports(slug);
  const requestExport = useRequestExport();
  const [links, setLinks] = createSignal<Record<number, string>>({});
  const [progress, setProgress] = createSignal<ModelDataProgress>();
  const [erasing, setErasing] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);

  const live: () => LiveConnection = createLiveSubscription({
    open: (handlers, markLive) =>
      trpc.models.onData.subscribe(
        { modelSlug: slug() },
        {
          ...handlers,
          onStarted: markLive,
          onData: (event) => {
            markLive();
            const data = event.data;
            setProgress(data);
            if (data.kind === 'export' && data.state !== 'running') {
              void queryClient.invalidateQueries({ queryKey: exportsKey(slug()) });
            }
            if (data.kind === 'erase' && data.state === 'ready') {
              showToast('The model is erased');
              void queryClient.invalidateQueries({ queryKey: modelsKeys.all });
              navigate('/models');
            }
          },
        },
      ),
    onReconnected: () => void queryClient.invalidateQueries({ queryKey: exportsKey(slug()) }),
  });

  const startExport = async () => {
    const requested = await requestExport.mutateAsync({ modelSlug: slug() });
    const url = new URL(requested.url, window.location.origin).toString();
    setLinks((known) => ({ ...known, [requested.export.id]: url }));
    setProgress({ kind: 'export', exportId: requested.export.id, done: 0, total: 0, state: 'running' });
  };

  const exportProgress = () => {
    const value = progress();
    return value?.kind === 'export' && value.state === 'running' ? value : undefined;
  };

  return (
    <section
      class="card shadow-sm border-danger-subtle"
      aria-labelledby="data-title"
      data-testid="model-data-card"
    >
      <div class="card-body vstack gap-3">
        <div class="d-flex align-items-center gap-2">
          <h2 class="h5 card-title mb-0 me-auto" id="data-title">
            Personal data
          </h2>
          <Show when={live() !== 'live'}>
            <span class="badge text-bg-light" title="Live progress reconnecting">
              {live()}
            </span>
          </Show>
        </div>

        <div>
          <h3 class="h6">Export</h3>
          <p class="small text-body-secondary">
            A ZIP of the originals, their metadata, every edit, moderation decisions, analytics and the audit
            entries of this model. The link works for administrators until it expires.
          </p>
          <button
            type="button"
            class="btn btn-outline-primary btn-sm"
            onClick={() => void startExport()}
            disabled={requestExport.isPending || erasing()}
            data-testid="model-export"
          >
            Export data
          </button>
          <FormError error={requestExport.error} />
          <Show when={exportProgress()}>
            {(value) => (
              <div class="mt-2" data-testid="model-export-progress">
                <div
                  class="progress"
                  role="progressbar"
                  aria-label="Export progress"
                  aria-valuenow={value().done}
                  aria-valuemin={0}
                  aria-valuemax={value().total}
                >
                  <div
                    class="progress-bar progress-bar-striped progress-bar-animated"
                    style={{ width: `${value().total ? (100 * value().done) / value().total : 5}%` }}
                  />
                </div>
                <div class="small text-body-secondary mt-1">
                  {value().done} of {value().total} originals written
                </div>
              </div>
            )}
          </Show>
          <Show when={exports.data?.length}>
            <ul class="list-group list-group-flush small mt-2" data-testid="model-exports">
              <For each={exports.data}>
                {(item) => (
                  <li class="list-group-item px-0 d-flex flex-wrap align-items-center gap-2">
                    <span class={`badge ${statusClass[item.status] ?? 'text-bg-secondary'}`}>
                      {item.status}
                    </span>
                    <span>{formatDateTime(item.createdAt)}</span>
                    <Show when={item.bytes !== null}>
                      <span class="text-body-secondary">{formatBytes(item.bytes ?? 0)}</span>
                    </Show>
                    <Show
                      when={item.status === 'ready' && links()[item.id]}
                      fallback={
                        <Show when={item.status !== 'expired'}>
                          <span class="text-body-secondary">until {formatDateTime(item.expiresAt)}</span>
                        </Show>
                      }
                    >
                      {(link) => (
                        <a class="ms-auto" href={link()} download="" data-testid="model-export-link">
                          Download (until {formatDateTime(item.expiresAt)})
                        </a>
                      )}
                    </Show>
                    <Show when={item.error}>
                      <span class="text-danger w-100">{item.error}</span>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <p class="small text-body-secondary mt-1 mb-0">
              A link is shown only in the session that asked for it; export again for a new one.
            </p>
          </Show>
        </div>

        <div class="border-top pt-3">
          <h3 class="h6 text-danger">Erase</h3>
          <p class="small text-body-secondary">
            Deletes this model and everything of it for good: media, files, edits, analytics, moderation
            records, categories, members, keys and its public URLs. One audit entry without personal data
            remains.
          </p>
          <Show
            when={erasing() || progress()?.kind === 'erase'}
            fallback={
              <button
                type="button"
                class="btn btn-outline-danger btn-sm"
                onClick={() => setConfirming(true)}
                data-testid="model-erase"
              >
                Erase model…
              </button>
            }
          >
            <div class="small" role="status" data-testid="model-erase-progress">
              <span class="spinner-border spinner-border-sm me-2" aria-hidden="true" />
              Erasing…{' '}
              {progress()?.kind === 'erase' ? `${progress()?.done} of ${progress()?.total} media` : ''}
            </div>
          </Show>
        </div>
      </div>
      <Show when={confirming()}>
        <EraseDialog
          slug={slug()}
          name={current.model().displayName}
          onClose={() => setConfirming(false)}
          onStarted={() => {
            setConfirming(false);
            setErasing(true);
          }}
        />
      </Show>
    </section>
  );
};

/** Asks for the slug typed again before erasing. */
const EraseDialog: Component<{ slug: string; name: string; onClose: () => void; onStarted: () => void }> = (
  props,
) => {
  const erase = useEraseModel();
  const [typed, setTyped] = createSignal('');
  const matches = () => typed().trim() === props.slug;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!matches()) return;
    await erase.mutateAsync({ modelSlug: props.slug, confirm: typed().trim() });
    props.onStarted();
  };
  return (
    <Modal
      title={`Erase ${props.name}?`}
      onClose={props.onClose}
      testId="model-erase-dialog"
      footer={
        <>
          <button type="button" class="btn btn-outline-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="erase-form"
            class="btn btn-danger"
            disabled={!matches() || erase.isPending}
            data-testid="model-erase-confirm"
          >
            Erase for good
          </button>
        </>
      }
    >
      <form id="erase-form" onSubmit={(event) => void submit(event)} novalidate>
        <div class="alert alert-danger small">
          This cannot be undone. Export the data first if it has to be kept or handed over.
        </div>
        <TextField
          label={
            <>
              Type <code>{props.slug}</code> to confirm
            </>
          }
          value={typed()}
          onValue={setTyped}
          autocomplete="off"
          spellcheck={false}
          focus
          testId="model-erase-slug"
        />
        <FormError error={erase.error} />
      </form>
    </Modal>
  );
};
