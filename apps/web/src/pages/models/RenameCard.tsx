import { ModelDisplayNameSchema } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { useUpdateModel } from '../../api/models';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { createForm } from '../../lib/forms';
import { showToast } from '../../stores/toasts';
import { SettingsCard } from './SettingsCard';

/** Renames the model (its display name; the slug stays). */
export const RenameCard: Component = () => {
  const current = useCurrentModel();
  const update = useUpdateModel();
  const form = createForm({
    schema: ModelDisplayNameSchema,
    initial: () => ({ displayName: current.model().displayName }),
    toInput: (values) => values.displayName,
  });
  const unchanged = () => form.values.displayName.trim() === current.model().displayName;
  const submit = form.handleSubmit((displayName) =>
    update.mutate(
      { modelSlug: current.model().slug, displayName },
      {
        onSuccess: (model) => showToast(`Renamed to ${model.displayName}`),
        onError: (error) => form.showServerErrors(error),
      },
    ),
  );

  return (
    <SettingsCard title="Name" description="The slug stays the same; it is part of URLs and API calls.">
      <form onSubmit={submit} novalidate class="d-flex flex-wrap align-items-start gap-2">
        <TextField
          label="Display name"
          value={form.values.displayName}
          onValue={(value) => form.set('displayName', value)}
          error={form.error('displayName') ?? form.error('_form')}
          class="flex-grow-1 mb-0"
          testId="settings-display-name"
        />
        <div class="pt-md-4 mt-md-2">
          <SubmitButton pending={update.isPending} disabled={unchanged()} testId="settings-rename-submit">
            Rename
          </SubmitButton>
        </div>
      </form>
    </SettingsCard>
  );
};
