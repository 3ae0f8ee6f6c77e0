import { A, useParams } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { AdminOnly } from '../../components/AdminOnly';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { modelHref } from '../../stores/current-model';
import { ModerationQueue } from './ModerationQueue';

/**
 * The moderation queue. `/m/:modelSlug/moderation`: one model's, for its editors and admins (viewers are told
 * why not); `/moderation`: every model's, for admins.
 */
const ModerationPage: Component = () => {
  const params = useParams();
  return (
    <Show
      when={params.modelSlug}
      fallback={
        <AdminOnly>
          <ModerationQueue
            scope={{ modelSlug: null }}
            description="Every model's photos waiting for a person, oldest first."
          />
        </AdminOnly>
      }
    >
      <ModelModeration />
    </Show>
  );
};

const ModelModeration: Component = () => {
  const current = useCurrentModel();
  const canModerate = () => current.role() === 'admin' || current.role() === 'editor';
  return (
    <Show
      when={canModerate()}
      fallback={
        <div class="container py-5">
          <div class="alert alert-warning" role="alert" data-testid="moderation-forbidden">
            <h2 class="h5 alert-heading">Moderation needs the editor role</h2>
            <p class="mb-3">
              Editors and administrators of {current.model().displayName} decide which photos are approved.
            </p>
            <A href={modelHref(current.model().slug, 'library')} class="btn btn-outline-secondary btn-sm">
              Back to the library
            </A>
          </div>
        </div>
      }
    >
      <ModerationQueue
        scope={{ modelSlug: current.model().slug }}
        description={<>Photos of {current.model().displayName} waiting for a person, oldest first.</>}
      />
    </Show>
  );
};

export default ModerationPage;
