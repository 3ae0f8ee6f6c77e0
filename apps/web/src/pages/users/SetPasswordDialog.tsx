import { passwordPolicy, UpdateUserSchema } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import type { User } from '../../api/users';
import { useUpdateUser } from '../../api/users';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { createForm } from '../../lib/forms';
import { showToast } from '../../stores/toasts';

/** Sets someone's password (e.g. they forgot it); the api ends all their sessions. */
export const SetPasswordDialog: Component<{ user: User; onClose: () => void }> = (props) => {
  const update = useUpdateUser();
  const form = createForm({
    schema: UpdateUserSchema,
    initial: () => ({ password: '', confirm: '' }),
    toInput: (values) => ({ id: props.user.id, password: values.password }),
    required: { password: 'Enter the new password' },
    check: (values) =>
      values.password === values.confirm ? {} : { confirm: ['The passwords do not match'] },
  });
  const submit = form.handleSubmit((input) =>
    update.mutate(input, {
      onSuccess: () => {
        showToast(`New password set for ${props.user.email}; their sessions were ended`);
        props.onClose();
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );

  return (
    <Modal
      title={`Set a password for ${props.user.displayName}`}
      onClose={() => props.onClose()}
      testId="set-password-dialog"
    >
      <form onSubmit={submit} novalidate>
        <p class="small text-body-secondary">
          {props.user.email} will be signed out everywhere and must use the new password. Tell them through a
          safe channel.
        </p>
        <FormError error={update.error} hideWhenFieldErrors={Object.keys(form.errors()).length > 0} />
        <TextField
          label="New password"
          type="password"
          autocomplete="new-password"
          value={form.values.password}
          onValue={(value) => form.set('password', value)}
          error={form.error('password')}
          hint={`${passwordPolicy}.`}
          testId="set-password"
          focus
        />
        <TextField
          label="Confirm"
          type="password"
          autocomplete="new-password"
          value={form.values.confirm}
          onValue={(value) => form.set('confirm', value)}
          error={form.error('confirm')}
          testId="set-password-confirm"
        />
        <div class="d-flex justify-content-end gap-2">
          <button type="button" class="btn btn-outline-secondary" onClick={() => props.onClose()}>
            Cancel
          </button>
          <SubmitButton pending={update.isPending} testId="set-password-submit">
            Set password
          </SubmitButton>
        </div>
      </form>
    </Modal>
  );
};
