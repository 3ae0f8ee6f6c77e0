import type { ModelSettings, VariantFormat } from '@phoenix4ge/shared';
import {
  ModelDisplayNameSchema,
  ModelSettingsSchema,
  moderationProviderNames,
  variantFormats,
  watermarkPositions,
} from '@phoenix4ge/shared';
import type { Component, JSX } from 'solid-js';
import { createUniqueId, For, Show } from 'solid-js';
import { unwrap } from 'solid-js/store';
import { useArchiveModel, useUpdateModel } from '../../api/models';
import { CheckField } from '../../components/CheckField';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { useCurrentModel } from '../../layouts/ModelLayout';
import { formatDateTime, formatScore } from '../../lib/format';
import { createForm } from '../../lib/forms';
import { showToast } from '../../stores/toasts';

const positionLabels: Record<(typeof watermarkPositions)[number], string> = {
  'top-left': 'Top left',
  'top-right': 'Top right',
  'bottom-left': 'Bottom left',
  'bottom-right': 'Bottom right',
  center: 'Centre',
};

const providerLabels: Record<(typeof moderationProviderNames)[number], string> = {
  local: 'Local classifier (on this server)',
  http: 'External moderation service',
  manual: 'No classifier: a person reviews every image',
};

const formatHints: Record<VariantFormat, string> = {
  webp: 'Small files, supported by every current browser.',
  jpeg: 'The fallback for old browsers and email.',
  avif: 'The smallest files, but 10–20× slower to encode than WebP or JPEG; every upload takes much longer and uses far more CPU. Turn it on only when bandwidth matters more than processing time.',
};

/** Model settings (admins): name, watermark, moderation policy, variant formats, and archiving. */
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
            <ArchiveCard />
          </div>
        </div>
      </Show>
    </div>
  );
};

const SettingsCard: Component<{ title: string; description?: JSX.Element; children: JSX.Element }> = (
  props,
) => {
  const id = createUniqueId();
  return (
    <section class="card shadow-sm" aria-labelledby={id}>
      <div class="card-body">
        <h2 class="h5 card-title" id={id}>
          {props.title}
        </h2>
        <Show when={props.description}>
          <p class="small text-body-secondary">{props.description}</p>
        </Show>
        {props.children}
      </div>
    </section>
  );
};

const RenameCard: Component = () => {
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

/** A 0–1 threshold as a slider with its percentage. */
const ScoreField: Component<{
  label: string;
  value: number;
  onValue: (value: number) => void;
  hint: JSX.Element;
  error?: string | undefined;
  testId: string;
}> = (props) => {
  const id = createUniqueId();
  return (
    <div class="mb-3">
      <label class="form-label d-flex justify-content-between" for={id}>
        <span>{props.label}</span>
        <span class="fw-semibold" data-testid={`${props.testId}-value`}>
          {formatScore(props.value)}
        </span>
      </label>
      <input
        type="range"
        class="form-range"
        classList={{ 'is-invalid': Boolean(props.error) }}
        id={id}
        min="0"
        max="1"
        step="0.01"
        value={props.value}
        onInput={(event) => props.onValue(Number(event.currentTarget.value))}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`${id}-hint`}
        data-testid={props.testId}
      />
      <Show when={props.error}>
        <div class="invalid-feedback d-block">{props.error}</div>
      </Show>
      <div class="form-text mt-0" id={`${id}-hint`}>
        {props.hint}
      </div>
    </div>
  );
};

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
  const setWatermark = <K extends keyof ModelSettings['watermark']>(
    key: K,
    value: ModelSettings['watermark'][K],
  ) => {
    form.setValues('watermark', key, value);
    form.revalidate();
  };
  const setModeration = <K extends keyof ModelSettings['moderation']>(
    key: K,
    value: ModelSettings['moderation'][K],
  ) => {
    form.setValues('moderation', key, value);
    form.revalidate();
  };
  const toggleFormat = (format: VariantFormat, on: boolean) => {
    const formats = form.values.variants.formats.filter((existing) => existing !== format);
    // Keep the canonical order (webp, jpeg, avif) whatever order they were ticked in.
    const next = on ? variantFormats.filter((name) => name === format || formats.includes(name)) : formats;
    form.setValues('variants', 'formats', next);
    form.revalidate();
  };
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
      <SettingsCard
        title="Watermark"
        description="Drawn on the large (lg and xl) variants only; thumbnails and the original stay clean."
      >
        <CheckField
          label="Watermark large variants"
          checked={form.values.watermark.enabled}
          onValue={(checked) => setWatermark('enabled', checked)}
          switch
          testId="watermark-enabled"
        />
        <fieldset disabled={!form.values.watermark.enabled}>
          <div class="row g-3">
            <div class="col-md-6">
              <TextField
                label="Text"
                value={form.values.watermark.text ?? ''}
                onValue={(value) => setWatermark('text', value === '' ? null : value)}
                placeholder={current.model().displayName}
                error={form.error('watermark.text')}
                hint="Empty: the model's display name."
                class="mb-0"
                testId="watermark-text"
              />
            </div>
            <div class="col-md-6">
              <TextField
                label="Picture instead of text (media id)"
                value={form.values.watermark.imageMediaId?.toString() ?? ''}
                onValue={(value) => {
                  const id = Number.parseInt(value.trim(), 10);
                  setWatermark('imageMediaId', Number.isFinite(id) && id > 0 ? id : null);
                }}
                placeholder="none"
                error={form.error('watermark.imageMediaId')}
                hint="A logo from this library, ideally a PNG with transparency; its id is in the detail panel. Empty: text."
                class="mb-0"
                testId="watermark-image"
              />
            </div>
            <div class="col-md-6">
              <SelectField
                label="Position"
                value={form.values.watermark.position}
                options={watermarkPositions.map((position) => ({
                  value: position,
                  label: positionLabels[position],
                }))}
                onValue={(value) => setWatermark('position', value as ModelSettings['watermark']['position'])}
                class="mb-0"
                testId="watermark-position"
              />
            </div>
            <div class="col-md-6">
              <ScoreField
                label="Opacity"
                value={form.values.watermark.opacity}
                onValue={(value) => setWatermark('opacity', value)}
                hint="How strongly the text shows over the image."
                error={form.error('watermark.opacity')}
                testId="watermark-opacity"
              />
            </div>
          </div>
        </fieldset>
      </SettingsCard>

      <SettingsCard
        title="Moderation"
        description="Each upload gets scores from 0 to 100 % for explicit content (Porn + Hentai) and for suggestive content (Sexy). The thresholds decide what happens next."
      >
        <SelectField
          label="Classifier"
          value={form.values.moderation.provider ?? ''}
          options={[
            { value: '', label: 'The deployment default' },
            ...moderationProviderNames.map((name) => ({ value: name, label: providerLabels[name] })),
          ]}
          onValue={(value) =>
            setModeration(
              'provider',
              value === '' ? null : (value as ModelSettings['moderation']['provider']),
            )
          }
          testId="moderation-provider"
        />
        <CheckField
          label="Approve automatically"
          hint="On: images below every threshold are published without a person looking. Off: they wait for review too."
          checked={form.values.moderation.autoApprove}
          onValue={(checked) => setModeration('autoApprove', checked)}
          switch
          testId="moderation-auto-approve"
        />
        <div class="row g-3">
          <div class="col-md-4">
            <ScoreField
              label="Reject at"
              value={form.values.moderation.rejectAt}
              onValue={(value) => setModeration('rejectAt', value)}
              hint="Explicit score at or above this: rejected."
              error={form.error('moderation.rejectAt')}
              testId="moderation-reject-at"
            />
          </div>
          <div class="col-md-4">
            <ScoreField
              label="Flag at"
              value={form.values.moderation.flagAt}
              onValue={(value) => setModeration('flagAt', value)}
              hint="Explicit score at or above this: a person reviews it. Not above Reject at."
              error={form.error('moderation.flagAt')}
              testId="moderation-flag-at"
            />
          </div>
          <div class="col-md-4">
            <ScoreField
              label="Flag suggestive at"
              value={form.values.moderation.flagSexyAt}
              onValue={(value) => setModeration('flagSexyAt', value)}
              hint="Suggestive score at or above this: a person reviews it."
              error={form.error('moderation.flagSexyAt')}
              testId="moderation-flag-sexy-at"
            />
          </div>
        </div>
      </SettingsCard>

      <SettingsCard
        title="Variant formats"
        description="Every upload is resized into several sizes, each in the formats chosen here."
      >
        <For each={variantFormats}>
          {(format) => (
            <CheckField
              label={
                <>
                  <span class="text-uppercase fw-medium">{format}</span>
                  <Show when={format === 'avif'}>
                    <span class="badge text-bg-warning ms-2">expensive</span>
                  </Show>
                </>
              }
              hint={formatHints[format]}
              checked={form.values.variants.formats.includes(format)}
              onValue={(checked) => toggleFormat(format, checked)}
              testId={`variant-${format}`}
            />
          )}
        </For>
        <Show when={form.error('variants.formats')}>
          {(message) => <div class="text-danger small">{message()}</div>}
        </Show>
        <p class="small text-body-secondary mb-0">New formats apply to new uploads.</p>
      </SettingsCard>

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

const ArchiveCard: Component = () => {
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

export default ModelSettingsPage;
