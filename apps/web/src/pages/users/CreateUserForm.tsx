import { CreateUserSchema, passwordPolicy } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { useCreateUser } from '../../api/users';
import { CheckField } from '../../components/CheckField';
import { FormError } from '../../components/FormError';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { createForm } from '../../lib/forms';
import { showToast } from '../../stores/toasts';

/** A new account with a first password; add it to models from their Members pages. */
export const CreateUserForm: Component = () => {
  const create = useCreateUser();
  const form = createForm({
    schema: CreateUserSchema,
    initial: () => ({ email: '', displayName: '', password: '', isAdmin: false }),
    required: { email: 'Enter an email', displayName: 'Enter a name', password: 'Choose a first password' },
  });
  const submit = form.handleSubmit((input) =>
    create.mutate(input, {
      onSuccess: (user) => {
        showToast(`Created ${user.email}`);
        form.reset();
        create.reset();
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );

  return (
    <section class="card shadow-sm" aria-labelledby="create-user-title">
      <div class="card-body">
        <h2 class="h5 card-title" id="create-user-title">
          New user
        </h2>
        <form onSubmit={submit} novalidate data-testid="create-user-form">
          <FormError error={create.error} hideWhenFieldErrors={Object.keys(form.errors()).length > 0} />
          <TextField
            label="Email"
            type="email"
            autocomplete="off"
            value={form.values.email}
            onValue={(value) => form.set('email', value)}
            error={form.error('email')}
            testId="user-email"
          />
          <TextField
            label="Display name"
            autocomplete="off"
            value={form.values.displayName}
            onValue={(value) => form.set('displayName', value)}
            error={form.error('displayName')}
            testId="user-display-name"
          />
          <TextField
            label="First password"
            type="password"
            autocomplete="new-password"
            value={form.values.password}
            onValue={(value) => form.set('password', value)}
            error={form.error('password')}
            hint={`${passwordPolicy}.`}
            testId="user-password"
          />
          <CheckField
            label="Administrator"
            hint="Can manage every model, user and API key."
            checked={form.values.isAdmin}
            onValue={(checked) => form.set('isAdmin', checked)}
            testId="user-is-admin"
          />
          <SubmitButton pending={create.isPending} testId="user-create-submit">
            Create user
          </SubmitButton>
        </form>
      </div>
    </section>
  );
};
