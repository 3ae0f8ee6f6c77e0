import { CreateModelSchema, ModelSlugSchema } from '@phoenix4ge/shared';
import { useNavigate } from '@solidjs/router';
import type { Component } from 'solid-js';
import { createSignal } from 'solid-js';
import { useCreateModel } from '../../api/models';
import { FormError } from '../../components/FormError';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { createForm, validate } from '../../lib/forms';
import { suggestSlug } from '../../lib/slug';
import { modelHref } from '../../stores/current-model';
import { showToast } from '../../stores/toasts';

/** A new model: display name and slug (suggested from the name, checked as you type). */
export const CreateModelForm: Component = () => {
  const create = useCreateModel();
  const navigate = useNavigate();
  const [slugEdited, setSlugEdited] = createSignal(false);
  const form = createForm({
    schema: CreateModelSchema,
    initial: () => ({ displayName: '', slug: '' }),
    required: { displayName: 'Enter a display name', slug: 'Enter a slug' },
  });
  // Live check of the slug as typed (the whole form is checked on submit).
  const slugError = () => {
    const slug = form.values.slug;
    if (slug === '') return form.error('slug');
    const result = validate(ModelSlugSchema, slug);
    return result.ok ? form.error('slug') : result.errors._form?.[0];
  };

  const submit = form.handleSubmit((input) =>
    create.mutate(input, {
      onSuccess: (model) => {
        showToast(`Created ${model.displayName}. Add the people who work on it.`);
        navigate(modelHref(model.slug, 'members'));
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );

  return (
    <section class="card shadow-sm" aria-labelledby="create-model-title">
      <div class="card-body">
        <h2 class="h5 card-title" id="create-model-title">
          New model
        </h2>
        <form onSubmit={submit} novalidate data-testid="create-model-form">
          <FormError error={create.error} hideWhenFieldErrors={Object.keys(form.errors()).length > 0} />
          <TextField
            label="Display name"
            value={form.values.displayName}
            onValue={(value) => {
              form.set('displayName', value);
              if (!slugEdited()) form.set('slug', suggestSlug(value));
            }}
            error={form.error('displayName')}
            testId="model-display-name"
          />
          <TextField
            label="Slug"
            value={form.values.slug}
            onValue={(value) => {
              setSlugEdited(value !== '');
              form.set('slug', value);
            }}
            error={slugError()}
            hint={
              <>
                Lowercase letters, digits and hyphens; used in URLs (
                <code>/m/{form.values.slug || 'slug'}</code>) and API calls.
              </>
            }
            autocomplete="off"
            spellcheck={false}
            testId="model-slug"
          />
          <SubmitButton pending={create.isPending} testId="model-create-submit">
            Create model
          </SubmitButton>
        </form>
      </div>
    </section>
  );
};
