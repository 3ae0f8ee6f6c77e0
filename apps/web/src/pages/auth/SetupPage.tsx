import { passwordPolicy, SetupSchema } from '@phoenix4ge/shared';
import { Navigate } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { useSetup, useSetupStatus } from '../../api/auth';
import { AuthCard } from '../../components/AuthCard';
import { FormError } from '../../components/FormError';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { createForm } from '../../lib/forms';

interface SetupValues {
  email: string;
  displayName: string;
  password: string;
  confirm: string;
}

/**
 * First run: creates the first administrator and signs them in. Exists only while no user does; afterwards
 * `/setup` leads to the app (or to sign-in). On success `auth.setupStatus` flips and the fallback navigates.
 */
const SetupPage: Component = () => {
  const status = useSetupStatus();
  const setup = useSetup();
  const form = createForm({
    schema: SetupSchema,
    initial: (): SetupValues => ({ email: '', displayName: '', password: '', confirm: '' }),
    toInput: ({ confirm, ...input }) => input,
    required: { email: 'Enter your email', displayName: 'Enter your name', password: 'Choose a password' },
    check: (values) =>
      values.password === values.confirm ? {} : { confirm: ['The passwords do not match'] },
  });
  const submit = form.handleSubmit((input) =>
    setup.mutate(input, { onError: (error) => form.showServerErrors(error) }),
  );

  return (
    <Show when={status.data?.needsSetup} fallback={<Navigate href="/" />}>
      <AuthCard
        title="Set up phoenix4ge"
        subtitle="No account exists yet. Create the first administrator; you can invite everyone else from the app."
        testId="setup-page"
      >
        <form onSubmit={submit} novalidate>
          <FormError error={setup.error} hideWhenFieldErrors={Object.keys(form.errors()).length > 0} />
          <TextField
            label="Email"
            type="email"
            autocomplete="username"
            value={form.values.email}
            onValue={(value) => form.set('email', value)}
            error={form.error('email')}
            testId="setup-email"
            focus
          />
          <TextField
            label="Display name"
            autocomplete="name"
            value={form.values.displayName}
            onValue={(value) => form.set('displayName', value)}
            error={form.error('displayName')}
            hint="Shown in the app and the audit log."
            testId="setup-display-name"
          />
          <TextField
            label="Password"
            type="password"
            autocomplete="new-password"
            value={form.values.password}
            onValue={(value) => form.set('password', value)}
            error={form.error('password')}
            hint={`${passwordPolicy}. A passphrase of a few words works well.`}
            testId="setup-password"
          />
          <TextField
            label="Confirm password"
            type="password"
            autocomplete="new-password"
            value={form.values.confirm}
            onValue={(value) => form.set('confirm', value)}
            error={form.error('confirm')}
            testId="setup-confirm"
          />
          <SubmitButton pending={setup.isPending} class="btn btn-primary w-100" testId="setup-submit">
            Create administrator and sign in
          </SubmitButton>
        </form>
      </AuthCard>
    </Show>
  );
};

export default SetupPage;
