import { LoginSchema } from '@phoenix4ge/shared';
import { Navigate, useSearchParams } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Match, Show, Switch } from 'solid-js';
import { useLogin, useMe, userOf } from '../../api/auth';
import { AuthCard } from '../../components/AuthCard';
import { SubmitButton } from '../../components/SubmitButton';
import { TextField } from '../../components/TextField';
import { asApiError, describeError } from '../../lib/errors';
import { formatMinutes } from '../../lib/format';
import { createForm } from '../../lib/forms';
import { afterSignIn } from '../../lib/redirects';
import { signOutNotice } from '../../stores/session';

/**
 * Sign-in. `?next=` is the page to return to (set by the signed-in layout when a session ends or an anonymous
 * visitor opens a page). Once `auth.me` holds a user, the fallback navigates there: after signing in, and
 * when a signed-in user opens `/login`.
 */
const LoginPage: Component = () => {
  const [params] = useSearchParams();
  const me = useMe();
  const login = useLogin();
  const form = createForm({
    schema: LoginSchema,
    initial: () => ({ email: '', password: '' }),
    required: { email: 'Enter your email', password: 'Enter your password' },
  });
  const submit = form.handleSubmit((input) =>
    login.mutate(input, {
      onError: (error) => {
        form.showServerErrors(error);
        form.setValues('password', '');
      },
    }),
  );
  const retryAfterSeconds = () => asApiError(login.error)?.data?.retryAfterSeconds ?? undefined;

  return (
    <Show when={!userOf(me.data)} fallback={<Navigate href={afterSignIn(params.next)} />}>
      <AuthCard title="Sign in" subtitle="Use the email and password of your account." testId="login-page">
        <form onSubmit={submit} novalidate>
          <Switch>
            <Match when={login.error}>
              <div class="alert alert-danger py-2" role="alert" data-testid="login-error">
                <Show when={retryAfterSeconds()} fallback={describeError(login.error)}>
                  {(seconds) => <>Too many attempts, try again in {formatMinutes(seconds())}.</>}
                </Show>
              </div>
            </Match>
            <Match when={signOutNotice()}>
              {(notice) => (
                <div
                  class={`alert py-2 ${notice().tone === 'warning' ? 'alert-warning' : 'alert-info'}`}
                  role="status"
                  data-testid="login-notice"
                >
                  {notice().message}
                </div>
              )}
            </Match>
          </Switch>
          <TextField
            label="Email"
            type="email"
            autocomplete="username"
            value={form.values.email}
            onValue={(value) => form.set('email', value)}
            error={form.error('email')}
            testId="login-email"
            focus
          />
          <TextField
            label="Password"
            type="password"
            autocomplete="current-password"
            value={form.values.password}
            onValue={(value) => form.set('password', value)}
            error={form.error('password')}
            testId="login-password"
          />
          <SubmitButton pending={login.isPending} class="btn btn-primary w-100" testId="login-submit">
            Sign in
          </SubmitButton>
        </form>
      </AuthCard>
    </Show>
  );
};

export default LoginPage;
