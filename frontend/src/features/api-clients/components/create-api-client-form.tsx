import { type SubmitEvent } from 'react';

import { FormErrors, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useCreateApiClient } from '@/features/api-clients/api/create-api-client';
import type { ApiClientWithSecret, Scope } from '@/features/api-clients/api/get-api-clients';
import { SCOPES } from '@/features/api-clients/components/scopes';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['name', 'scopes', 'doctors', 'patients'] as const;

export type DoctorOption = { id: number; name: string };

function ids(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
}

export function CreateApiClientForm({
  doctors,
  onCreated,
}: {
  doctors: DoctorOption[];
  onCreated: (client: ApiClientWithSecret) => void;
}) {
  const create = useCreateApiClient({ onSuccess: onCreated });
  const errors = fieldErrorsOf(create.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: formText(form, 'name'),
      scopes: form.getAll('scopes').map(String) as Scope[],
      doctors: form.getAll('doctors').map(Number),
      patients: ids(formText(form, 'patients')),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-label="New API client">
      {create.error && <ErrorMessage error={create.error} action="create the API client" />}
      <TextField label="Name" name="name" required errors={errors.name} />
      <fieldset>
        <legend>Scopes</legend>
        {SCOPES.map((scope) => (
          <label key={scope.value} className="checkbox">
            <input type="checkbox" name="scopes" value={scope.value} /> {scope.label} (
            <code>{scope.value}</code>)
          </label>
        ))}
        <FormErrors messages={errors.scopes ?? []} />
      </fieldset>
      <fieldset>
        <legend>Limit to doctors (optional)</legend>
        {doctors.map((doctor) => (
          <label key={doctor.id} className="checkbox">
            <input type="checkbox" name="doctors" value={doctor.id} /> {doctor.name}
          </label>
        ))}
        <FormErrors messages={errors.doctors ?? []} />
      </fieldset>
      <TextField
        label="Limit to patients (optional: patient ids, separated by commas)"
        name="patients"
        errors={errors.patients}
      />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create API client'}
      </button>
    </form>
  );
}
