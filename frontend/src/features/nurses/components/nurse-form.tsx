import { type SubmitEvent } from 'react';

import { FormErrors, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useCreateNurse } from '@/features/nurses/api/create-nurse';
import type { Nurse } from '@/features/nurses/api/get-nurses';
import { useUpdateNurse } from '@/features/nurses/api/update-nurse';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['username', 'password', 'first_name', 'last_name', 'email'] as const;

function NameFields({ nurse, errors }: { nurse?: Nurse; errors: Record<string, string[]> }) {
  return (
    <>
      <div className="form-row">
        <TextField
          label="First name"
          name="first_name"
          required
          defaultValue={nurse?.first_name}
          errors={errors.first_name}
        />
        <TextField
          label="Last name"
          name="last_name"
          required
          defaultValue={nurse?.last_name}
          errors={errors.last_name}
        />
      </div>
      <TextField
        label="E-mail"
        name="email"
        type="email"
        required
        defaultValue={nurse?.email}
        errors={errors.email}
      />
    </>
  );
}

function readNames(form: FormData) {
  return {
    first_name: formText(form, 'first_name'),
    last_name: formText(form, 'last_name'),
    email: formText(form, 'email'),
  };
}

export function CreateNurseForm({ onCreated }: { onCreated: (nurse: Nurse) => void }) {
  const create = useCreateNurse({ onSuccess: onCreated });
  const errors = fieldErrorsOf(create.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      ...readNames(form),
      username: formText(form, 'username'),
      password: formText(form, 'password'),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {create.error && <ErrorMessage error={create.error} action="create the nurse" />}
      <TextField
        label="Username"
        name="username"
        required
        autoComplete="off"
        errors={errors.username}
      />
      <TextField
        label="Initial password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        errors={errors.password}
      />
      <NameFields errors={errors} />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create nurse'}
      </button>
    </form>
  );
}

export function EditNurseForm({ nurse, onSaved }: { nurse: Nurse; onSaved: () => void }) {
  const update = useUpdateNurse(nurse.id, { onSuccess: onSaved });
  const errors = fieldErrorsOf(update.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(readNames(new FormData(event.currentTarget)));
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {update.error && <ErrorMessage error={update.error} action="save the nurse" />}
      <NameFields nurse={nurse} errors={errors} />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save changes'}
      </button>
    </form>
  );
}
