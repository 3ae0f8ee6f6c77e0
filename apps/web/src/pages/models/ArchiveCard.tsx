import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { useArchiveModel } from '../../api/models';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { formatDateTime } from '../../lib/format';
import { showToast } from '../../stores/toasts';

/** Archives the model (after asking), or brings an archived one back. */
export const ArchiveCard: Component = () => {
  const current = useCurrentModel();
  const archive = useArchiveModel();
  const setArchived = async (archived: boolean) => {
    const model = await archive.mutateAsync({ modelSlug: current.model().slug, archived });
    showToast(archived ? `${model.displayName} is archived` : `${model.displayName} is active again`);
  };

  return (
    <section class="card shadow-sm border-warning-subtle" aria-labelledby="archive-title">
      <div class="card-body">
        <h2 class="h5 card-title" id="archive-title">
          <Show when={current.model().archivedAt} fallback="Archive">
            Archived
          </Show>
        </h2>
        <Show
          when={current.model().archivedAt}
          fallback={
            <>
              <p class="small text-body-secondary">
                An archived model disappears from the model switcher and its members lose access. Nothing is
                deleted; you can bring it back at any time.
              </p>
              <ConfirmButton
                label="Archive model"
                buttonClass="btn btn-outline-warning"
                variant="warning"
                title={`Archive ${current.model().displayName}?`}
                confirmLabel="Archive"
                onConfirm={() => setArchived(true)}
                testId="model-archive"
              >
                <p class="mb-0">
                  Members will no longer be able to open <code>{current.model().slug}</code> until an
                  administrator unarchives it. Media and settings are kept.
                </p>
              </ConfirmButton>
            </>
          }
        >
          {(archivedAt) => (
            <>
              <p class="small text-body-secondary">
                Since {formatDateTime(archivedAt())}. Members cannot open it; administrators still can.
              </p>
              <ConfirmButton
                label="Unarchive model"
                buttonClass="btn btn-outline-primary"
                variant="primary"
                title={`Unarchive ${current.model().displayName}?`}
                confirmLabel="Unarchive"
                onConfirm={() => setArchived(false)}
                testId="model-unarchive"
              >
                <p class="mb-0">Its members get their access back.</p>
              </ConfirmButton>
            </>
          )}
        </Show>
      </div>
    </section>
  );
};
