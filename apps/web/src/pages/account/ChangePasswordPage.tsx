import { ChangePasswordSchema, passwordPolicy } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { useChangePassword } from '../../api/auth';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { createForm } from '../../lib/forms';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Changes the signed-in user's password; this session stays, every other one is ended. */
const ChangePasswordPage: Component = () => {
  const change = useChangePassword();
  const form = createForm({
    schema: ChangePasswordSchema,
    initial: (): PasswordValues => ({ currentPassword: '', newPassword: '', confirm: '' }),
    toInput: ({ confirm, ...input }) => input,
    required: { currentPassword: 'Enter your current password', newPassword: 'Choose a new password' },
    check: (values) =>
      values.newPassword === values.confirm ? {} : { confirm: ['The new passwords do not match'] },
  });
  const submit = form.handleSubmit((input) =>
    change.mutate(input, {
      onSuccess: () => form.reset(),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const ended = () => change.data?.otherSessionsEnded;

  return (
    <div class="container py-4" data-testid="change-password-page">
      <div class="row">
        <div class="col-md-8 col-lg-6">
          <PageHeader
            title="Change password"
            description="You stay signed in here; every other session of your account is ended."
          />
          <Show when={change.isSuccess}>
            <div class="alert alert-success" role="status" data-testid="password-changed">
              Your password is changed.{' '}
              <Show when={ended()} fallback="No other sessions were open.">
                {(count) => (
                  <>
                    {count()} other {count() === 1 ? 'session was' : 'sessions were'} ended.
                  </>
                )}
              </Show>
            </div>
          </Show>
          <div class="card shadow-sm">
            <div class="card-body">
              <form onSubmit={submit} novalidate>
                <FormError error={change.error} hideWhenFieldErrors={Object.keys(form.errors()).length > 0} />
                <TextField
                  label="Current password"
                  type="password"
                  autocomplete="current-password"
                  value={form.values.currentPassword}
                  onValue={(value) => form.set('currentPassword', value)}
                  error={form.error('currentPassword')}
                  testId="current-password"
                  focus
                />
                <TextField
                  label="New password"
                  type="password"
                  autocomplete="new-password"
                  value={form.values.newPassword}
                  onValue={(value) => form.set('newPassword', value)}
                  error={form.error('newPassword')}
                  hint={`${passwordPolicy}.`}
                  testId="new-password"
                />
                <TextField
                  label="Confirm new password"
                  type="password"
                  autocomplete="new-password"
                  value={form.values.confirm}
                  onValue={(value) => form.set('confirm', value)}
                  error={form.error('confirm')}
                  testId="confirm-password"
                />
                <SubmitButton pending={change.isPending} testId="change-password-submit">
                  Change password
                </SubmitButton>
              </form>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
};

export default ChangePasswordPage;
