import { type SubmitEvent } from 'react';
import { Link } from 'react-router';

import { FormErrors, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { paths } from '@/config/paths';
import type { Me } from '@/features/auth/api/get-me';
import { useRegister } from '@/features/auth/api/register';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['first_name', 'last_name', 'username', 'email', 'password'] as const;

export function RegisterForm({ onRegistered }: { onRegistered: (me: Me) => void }) {
  const registration = useRegister({
    onSuccess: (result) => {
      if (result.kind === 'signed-in') {
        onRegistered(result.me);
      }
    },
  });
  const fields = fieldErrorsOf(registration.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    registration.mutate({
      first_name: formText(form, 'first_name'),
      last_name: formText(form, 'last_name'),
      username: formText(form, 'username'),
      email: formText(form, 'email'),
      password: formText(form, 'password'),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {registration.error && (
        <ErrorMessage error={registration.error} action="create your account" />
      )}
      {registration.data?.kind === 'not-created' && (
        <div role="status" className="alert alert-info">
          <p>
            No new account was made with these details. If this e-mail address already has an
            account, we have sent a message to it: please{' '}
            <Link to={paths.auth.signIn.getHref()}>sign in</Link> with that account instead.
          </p>
        </div>
      )}
      <div className="form-row">
        <TextField
          label="First name"
          name="first_name"
          autoComplete="given-name"
          required
          errors={fields.first_name}
        />
        <TextField
          label="Last name"
          name="last_name"
          autoComplete="family-name"
          required
          errors={fields.last_name}
        />
      </div>
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        required
        errors={fields.username}
      />
      <TextField
        label="E-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        errors={fields.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters; not only digits, and not too close to your name."
        required
        errors={fields.password}
      />
      <FormErrors messages={otherFieldErrors(fields, FIELDS)} />
      <button type="submit" className="button" disabled={registration.isPending}>
        {registration.isPending ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}
