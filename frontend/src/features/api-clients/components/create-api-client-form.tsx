import { type SubmitEvent, useState } from 'react';

import { FormErrors, TextAreaField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useCreateApiClient } from '@/features/api-clients/api/create-api-client';
import type { ApiClientWithSecret, Scope } from '@/features/api-clients/api/get-api-clients';
import { SCOPES } from '@/features/api-clients/components/scopes';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['name', 'scopes', 'doctors', 'patients', 'jwks'] as const;

export type DoctorOption = { id: number; name: string };

/** The pasted JWK Set: null when empty, undefined when it is not JSON. */
function keySet(text: string): unknown {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

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
  const [jwksError, setJwksError] = useState<string[]>([]);
  const errors = fieldErrorsOf(create.error);
  const [chosen, setChosen] = useState<ReadonlySet<Scope>>(new Set());
  // A read scope that a chosen write scope includes is shown ticked and fixed: it comes with it.
  const includedBy = new Map<Scope, Scope>();
  for (const scope of SCOPES) {
    if (scope.includes && chosen.has(scope.value)) {
      includedBy.set(scope.includes, scope.value);
    }
  }

  function toggle(scope: Scope, on: boolean) {
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) {
        next.add(scope);
      } else {
        next.delete(scope);
      }
      return next;
    });
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const jwks = keySet(formText(form, 'jwks'));
    if (jwks === undefined) {
      setJwksError(['This is not JSON: paste the JWK Set as the client gave it.']);
      return;
    }
    setJwksError([]);
    create.mutate({
      ...(jwks === null ? {} : { jwks }),
      name: formText(form, 'name'),
      // Only what the admin chose: a read scope that a write scope includes is not sent again.
      scopes: SCOPES.map((scope) => scope.value).filter(
        (scope) => chosen.has(scope) && !includedBy.has(scope),
      ),
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
        {SCOPES.map((scope) => {
          const includer = includedBy.get(scope.value);
          return (
            <label key={scope.value} className="checkbox">
              <input
                type="checkbox"
                name="scopes"
                value={scope.value}
                checked={includer !== undefined || chosen.has(scope.value)}
                disabled={includer !== undefined}
                onChange={(event) => {
                  toggle(scope.value, event.currentTarget.checked);
                }}
              />{' '}
              {scope.label} (<code>{scope.value}</code>)
              {scope.includes && `, includes ${scope.includes}`}
              {includer && ` (included in ${includer})`}
            </label>
          );
        })}
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
      <TextAreaField
        label="Public keys (optional: a JWK Set; the client then signs its token requests instead of using a secret)"
        name="jwks"
        rows={4}
        spellCheck={false}
        errors={jwksError.length ? jwksError : errors.jwks}
      />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create API client'}
      </button>
    </form>
  );
}
