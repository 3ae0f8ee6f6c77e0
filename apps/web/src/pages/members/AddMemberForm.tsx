import { AddMemberSchema, passwordPolicy } from '@phoenix4ge/shared';
import type { Component } from 'solid-js';
import { Show } from 'solid-js';
import { useAddMember } from '../../api/members';
import { CheckField } from '../../components/CheckField';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { errorCode } from '../../lib/errors';
import { createForm } from '../../lib/forms';
import { showToast } from '../../stores/toasts';

interface AddMemberValues {
  email: string;
  role: 'editor' | 'viewer';
  createUser: boolean;
  displayName: string;
  password: string;
}

const roleOptions = [
  { value: 'editor', label: 'Editor — uploads and edits media' },
  { value: 'viewer', label: 'Viewer — sees media, changes nothing' },
];

/** Adds someone by email; optionally creates their account with a first password at the same time. */
export const AddMemberForm: Component<{ modelSlug: string }> = (props) => {
  const add = useAddMember();
  const form = createForm({
    schema: AddMemberSchema,
    initial: (): AddMemberValues => ({
      email: '',
      role: 'editor',
      createUser: false,
      displayName: '',
      password: '',
    }),
    toInput: (values) => ({
      email: values.email,
      role: values.role,
      ...(values.createUser
        ? {
            password: values.password,
            ...(values.displayName.trim() ? { displayName: values.displayName } : {}),
          }
        : {}),
    }),
    required: { email: 'Enter the email of the person to add' },
  });

  const submit = form.handleSubmit((input) =>
    add.mutate(
      { ...input, modelSlug: props.modelSlug },
      {
        onSuccess: (result) => {
          showToast(
            result.userCreated
              ? `Created an account for ${result.email} and added them as ${result.role}`
              : `Added ${result.email} as ${result.role}`,
          );
          form.reset();
          add.reset();
        },
        onError: (error) => {
          form.showServerErrors(error);
          // An unknown email: offer to create the account right here.
          if (errorCode(error) === 'NOT_FOUND' && !form.values.createUser) form.setValues('createUser', true);
        },
      },
    ),
  );

  return (
    <section class="card shadow-sm" aria-labelledby="add-member-title">
      <div class="card-body">
        <h2 class="h5 card-title" id="add-member-title">
          Add a member
        </h2>
        <form onSubmit={submit} novalidate data-testid="add-member-form">
          <FormError error={add.error} hideWhenFieldErrors={Object.keys(form.errors()).length > 0} />
          <TextField
            label="Email"
            type="email"
            autocomplete="off"
            value={form.values.email}
            onValue={(value) => form.set('email', value)}
            error={form.error('email')}
            testId="member-email"
          />
          <SelectField
            label="Role"
            value={form.values.role}
            options={roleOptions}
            onValue={(value) => form.set('role', value as AddMemberValues['role'])}
            error={form.error('role')}
            testId="member-role-new"
          />
          <CheckField
            label="Create a new user with this email"
            hint="For someone without an account yet: they sign in with the password you set here."
            checked={form.values.createUser}
            onValue={(checked) => form.set('createUser', checked)}
            switch
            testId="member-create-user"
          />
          <Show when={form.values.createUser}>
            <div class="border rounded-3 p-3 mb-3 bg-body-tertiary">
              <TextField
                label="Display name"
                autocomplete="off"
                value={form.values.displayName}
                onValue={(value) => form.set('displayName', value)}
                error={form.error('displayName')}
                hint="Optional; defaults to the part of the email before the @."
                testId="member-display-name"
              />
              <TextField
                label="First password"
                type="password"
                autocomplete="new-password"
                value={form.values.password}
                onValue={(value) => form.set('password', value)}
                error={form.error('password')}
                hint={`${passwordPolicy}. Share it with them safely; they can change it after signing in.`}
                testId="member-password"
                class="mb-0"
              />
            </div>
          </Show>
          <SubmitButton pending={add.isPending} testId="member-add-submit">
            Add member
          </SubmitButton>
        </form>
      </div>
    </section>
  );
};
