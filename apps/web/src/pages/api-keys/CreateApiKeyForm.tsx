import { apiKeyRoles, CreateApiKeySchema } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import type { CreatedApiKey } from '../../api/api-keys';
import { useCreateApiKey } from '../../api/api-keys';
import { useModels } from '../../api/models';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { createForm } from '../../lib/forms';

const roleLabels: Record<(typeof apiKeyRoles)[number], string> = {
  admin: 'Admin',
  editor: 'Editor',
  viewer: 'Viewer',
};

const roleHints: Record<(typeof apiKeyRoles)[number], string> = {
  admin:
    'Everything an administrator can do on its models; on all models, also managing models, users and keys.',
  editor: 'Upload and edit media.',
  viewer: 'Read only.',
};

interface ApiKeyValues {
  name: string;
  modelSlug: string;
  role: (typeof apiKeyRoles)[number];
  expiresInDays: string;
}

/** A new key: name, one model or all, role, optional lifetime in days. */
export const CreateApiKeyForm: Component<{ onCreated: (key: CreatedApiKey) => void }> = (props) => {
  const create = useCreateApiKey();
  const models = useModels();
  const form = createForm({
    schema: CreateApiKeySchema,
    initial: (): ApiKeyValues => ({ name: '', modelSlug: '', role: 'editor', expiresInDays: '' }),
    toInput: (values) => ({
      name: values.name,
      role: values.role,
      ...(values.modelSlug ? { modelSlug: values.modelSlug } : {}),
      ...(values.expiresInDays.trim() ? { expiresInDays: Number(values.expiresInDays) } : {}),
    }),
    required: { name: 'Name the key after what uses it' },
  });
  const modelOptions = () => [
    { value: '', label: 'All models' },
    ...(models.data ?? []).map((model) => ({
      value: model.slug,
      label: `${model.displayName} (${model.slug})`,
    })),
  ];

  const submit = form.handleSubmit((input) =>
    create.mutate(input, {
      onSuccess: (created) => {
        props.onCreated(created);
        form.reset();
        create.reset();
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );

  return (
    <section class="card shadow-sm" aria-labelledby="create-key-title">
      <div class="card-body">
        <h2 class="h5 card-title" id="create-key-title">
          New API key
        </h2>
        <form onSubmit={submit} novalidate data-testid="create-api-key-form">
          <FormError error={create.error} hideWhenFieldErrors={Object.keys(form.errors()).length > 0} />
          <TextField
            label="Name"
            value={form.values.name}
            onValue={(value) => form.set('name', value)}
            error={form.error('name')}
            placeholder="e.g. Portfolio site sync"
            autocomplete="off"
            testId="api-key-name"
          />
          <SelectField
            label="Model"
            value={form.values.modelSlug}
            options={modelOptions()}
            onValue={(value) => form.set('modelSlug', value)}
            error={form.error('modelSlug')}
            testId="api-key-model"
          />
          <SelectField
            label="Role"
            value={form.values.role}
            options={apiKeyRoles.map((role) => ({ value: role, label: roleLabels[role] }))}
            onValue={(value) => form.set('role', value as ApiKeyValues['role'])}
            error={form.error('role')}
            hint={roleHints[form.values.role]}
            testId="api-key-role"
          />
          <TextField
            label="Expires after (days)"
            type="number"
            min="1"
            max="3650"
            inputMode="numeric"
            value={form.values.expiresInDays}
            onValue={(value) => form.set('expiresInDays', value)}
            error={form.error('expiresInDays')}
            hint="Optional. Empty: the key works until you revoke it."
            testId="api-key-expires"
          />
          <SubmitButton pending={create.isPending} testId="api-key-create-submit">
            Create key
          </SubmitButton>
        </form>
      </div>
    </section>
  );
};
