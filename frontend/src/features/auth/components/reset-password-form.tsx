import { type SubmitEvent } from 'react';
import { Link } from 'react-router';

import { FormErrors, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { paths } from '@/config/paths';
import {
  RESET_LINK_INVALID,
  useConfirmPasswordReset,
} from '@/features/auth/api/confirm-password-reset';
import { ApiError } from '@/lib/api-client';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['new_password'] as const;

type ResetPasswordFormProps = {
  /** From the e-mailed link. */
  uid: string;
  token: string;
  onReset: () => void;
};

export function ResetPasswordForm({ uid, token, onReset }: ResetPasswordFormProps) {
  const reset = useConfirmPasswordReset({ onSuccess: onReset });
  const fields = fieldErrorsOf(reset.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Trimmed as the sign-in form trims it, so that the new password is the one that signs in.
    reset.mutate({ uid, token, new_password: formText(form, 'new_password') });
  }

  if (reset.error instanceof ApiError && reset.error.code === RESET_LINK_INVALID) {
    return <InvalidLink detail={reset.error.detail} />;
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {reset.error && <ErrorMessage error={reset.error} action="set the new password" />}
      <TextField
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters; not only digits, and not too close to your name."
        required
        errors={fields.new_password}
      />
      <FormErrors messages={otherFieldErrors(fields, [...FIELDS, 'uid', 'token'])} />
      <button type="submit" className="button" disabled={reset.isPending}>
        {reset.isPending ? 'Saving…' : 'Set new password'}
      </button>
    </form>
  );
}

/** A used, expired, altered or incomplete link: the way on is a new one. */
export function InvalidLink({ detail }: { detail: string }) {
  return (
    <div role="alert" className="alert alert-error">
      <p>{detail}</p>
      <p>
        <Link to={paths.auth.forgotPassword.getHref()}>Ask for a new link</Link>
      </p>
    </div>
  );
}
