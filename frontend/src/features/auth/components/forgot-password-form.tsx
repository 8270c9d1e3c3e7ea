import { type SubmitEvent } from 'react';

import { FormErrors, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useRequestPasswordReset } from '@/features/auth/api/request-password-reset';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['email'] as const;

export function ForgotPasswordForm() {
  const request = useRequestPasswordReset();
  const fields = fieldErrorsOf(request.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    request.mutate({ email: formText(form, 'email') });
  }

  if (request.isSuccess) {
    return (
      <p role="status" className="alert alert-info">
        {request.data.detail}
      </p>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {request.error && <ErrorMessage error={request.error} action="send the link" />}
      <TextField
        label="E-mail"
        name="email"
        type="email"
        autoComplete="email"
        hint="The address of your account. We will e-mail you a link to set a new password."
        required
        errors={fields.email}
      />
      <FormErrors messages={otherFieldErrors(fields, FIELDS)} />
      <button type="submit" className="button" disabled={request.isPending}>
        {request.isPending ? 'Sending…' : 'Send me a link'}
      </button>
    </form>
  );
}
