import type { ModelSettings } from '@phoenix4ge/shared';
import { ModelSettingsSchema } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { unwrap } from 'solid-js/store';
import { useUpdateModel } from '../../api/models';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { SubmitButton } from '../../components/SubmitButton';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { createForm } from '../../lib/forms';
import { showToast } from '../../stores/toasts';
import { ArchiveCard } from './ArchiveCard';
import { ConsentCard } from './ConsentCard';
import { DataCard } from './DataCard';
import { ModerationFieldset } from './ModerationFieldset';
import { RenameCard } from './RenameCard';
import { VariantFormatsFieldset } from './VariantFormatsFieldset';
import { WatermarkFieldset } from './WatermarkFieldset';

/** Model settings (admins): name, watermark, moderation policy, variant formats, consent expiry, archiving, personal data. */
const ModelSettingsPage: Component = () => {
  const current = useCurrentModel();

  return (
    <div class="container py-4" data-testid="model-settings-page">
      <Show
        when={current.role() === 'admin'}
        fallback={
          <div class="alert alert-warning" role="alert" data-testid="admin-only">
            Only administrators can change a model's settings.
          </div>
        }
      >
        <PageHeader
          title="Model settings"
          description="How uploads to this model are watermarked, moderated and converted."
        />
        <div class="row g-4">
          <div class="col-lg-8 vstack gap-4">
            <RenameCard />
            <SettingsForm />
          </div>
          <div class="col-lg-4 vstack gap-4">
            <ConsentCard />
            <ArchiveCard />
            <DataCard />
          </div>
        </div>
      </Show>
    </div>
  );
};

/** The watermark, moderation and variant groups, saved together. */
const SettingsForm: Component = () => {
  const current = useCurrentModel();
  const update = useUpdateModel();
  const form = createForm({
    schema: ModelSettingsSchema,
    // The query's data is a Solid store (a proxy, which structuredClone refuses): copy the plain object behind it.
    initial: (): ModelSettings => structuredClone(unwrap(current.model().settings)),
    toInput: (values) => ({
      ...values,
      watermark: { ...values.watermark, text: values.watermark.text?.trim() || null },
    }),
  });
  const unchanged = () => JSON.stringify(form.values) === JSON.stringify(current.model().settings);

  const submit = form.handleSubmit((settings) =>
    update.mutate(
      { modelSlug: current.model().slug, settings },
      {
        onSuccess: () => showToast('Settings saved'),
        onError: (error) => form.showServerErrors(error),
      },
    ),
  );

  return (
    <form onSubmit={submit} novalidate class="vstack gap-4" data-testid="model-settings-form">
      <WatermarkFieldset form={form} />
      <ModerationFieldset form={form} />
      <VariantFormatsFieldset form={form} />
      <div class="d-flex align-items-center gap-3">
        <SubmitButton pending={update.isPending} disabled={unchanged()} testId="settings-save">
          Save settings
        </SubmitButton>
        <Show when={!unchanged()}>
          <span class="small text-body-secondary">Unsaved changes</span>
          <button type="button" class="btn btn-link btn-sm" onClick={() => form.reset()}>
            Discard
          </button>
        </Show>
      </div>
      <FormError error={update.error} />
    </form>
  );
};

export default ModelSettingsPage;
