import { type SubmitEvent, useState } from 'react';

import { FormErrors, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import type { Me } from '@/features/auth/api/get-me';
import { type MfaChallenge, useSignIn } from '@/features/auth/api/sign-in';
import { MfaStep } from '@/features/auth/components/mfa-step';
import { ApiError } from '@/lib/api-client';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['username', 'password'] as const;

export function SignInForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const signIn = useSignIn({
    onSuccess: (result) => {
      if (result.kind === 'mfa') {
        setChallenge(result.challenge);
      } else {
        onSignedIn(result.me);
      }
    },
  });
  const fields = fieldErrorsOf(signIn.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ username: formText(form, 'username'), password: formText(form, 'password') });
  }

  // A refused sign-in answers 401 with one message for an unknown user and a wrong password.
  const refused =
    signIn.error instanceof ApiError && [401, 429].includes(signIn.error.status)
      ? signIn.error.detail
      : null;

  if (challenge) {
    return (
      <MfaStep
        challenge={challenge}
        onSignedIn={onSignedIn}
        onRestart={() => {
          signIn.reset();
          setChallenge(null);
        }}
      />
    );
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {refused ? (
        <p role="alert" className="alert alert-error">
          {refused}
        </p>
      ) : (
        signIn.error &&
        Object.keys(fields).length === 0 && <ErrorMessage error={signIn.error} action="sign in" />
      )}
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        required
        errors={fields.username}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={fields.password}
      />
      <FormErrors messages={otherFieldErrors(fields, FIELDS)} />
      <button type="submit" className="button" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
