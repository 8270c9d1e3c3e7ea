import { type SubmitEvent, useState } from 'react';

import { FormErrors, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useChangePassword } from '@/features/auth/api/change-password';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['old_password', 'new_password'] as const;

export function ChangePasswordForm() {
  const [changed, setChanged] = useState(false);
  const change = useChangePassword({
    onSuccess: () => {
      setChanged(true);
    },
  });
  const fields = fieldErrorsOf(change.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setChanged(false);
    change.mutate(
      {
        old_password: formText(form, 'old_password'),
        new_password: formText(form, 'new_password'),
      },
      {
        onSuccess: () => {
          formElement.reset();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {changed && (
        <p role="status" className="alert alert-success">
          Your password has been changed. Other devices have been signed out.
        </p>
      )}
      {change.error && <ErrorMessage error={change.error} action="change the password" />}
      <TextField
        label="Current password"
        name="old_password"
        type="password"
        autoComplete="current-password"
        required
        errors={fields.old_password}
      />
      <TextField
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters; not only digits, and not too close to your name."
        required
        errors={fields.new_password}
      />
      <FormErrors messages={otherFieldErrors(fields, FIELDS)} />
      <button type="submit" className="button" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
