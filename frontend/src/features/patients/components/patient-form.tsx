import { type SubmitEvent } from 'react';

import { DateField } from '@/components/form/date-field';
import { FormErrors, SelectField, TextAreaField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useCreatePatient } from '@/features/patients/api/create-patient';
import type { Patient } from '@/features/patients/api/get-patients';
import { useUpdatePatient } from '@/features/patients/api/update-patient';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';
import type { Schemas } from '@/types/api';

const FIELDS = [
  'username',
  'password',
  'first_name',
  'last_name',
  'email',
  'date_of_birth',
  'sex',
  'phone',
  'address',
] as const;

const SEX_OPTIONS = [
  { value: 'undisclosed', label: 'Prefer not to say' },
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
] as const;

function readProfile(form: FormData) {
  return {
    first_name: formText(form, 'first_name'),
    last_name: formText(form, 'last_name'),
    email: formText(form, 'email'),
    date_of_birth: formText(form, 'date_of_birth') || null,
    sex: formText(form, 'sex') as Schemas['SexEnum'],
    phone: formText(form, 'phone'),
    address: formText(form, 'address'),
  };
}

function PatientFields({
  patient,
  errors,
}: {
  patient?: Patient;
  errors: Record<string, string[]>;
}) {
  return (
    <>
      <div className="form-row">
        <TextField
          label="First name"
          name="first_name"
          required
          defaultValue={patient?.first_name}
          errors={errors.first_name}
        />
        <TextField
          label="Last name"
          name="last_name"
          required
          defaultValue={patient?.last_name}
          errors={errors.last_name}
        />
      </div>
      <TextField
        label="E-mail"
        name="email"
        type="email"
        required
        defaultValue={patient?.email}
        errors={errors.email}
      />
      <div className="form-row">
        <DateField
          label="Date of birth"
          name="date_of_birth"
          defaultValue={patient?.profile.date_of_birth ?? ''}
          errors={errors.date_of_birth}
        />
        <SelectField
          label="Sex"
          name="sex"
          defaultValue={patient?.profile.sex ?? 'undisclosed'}
          options={SEX_OPTIONS}
          errors={errors.sex}
        />
      </div>
      <TextField
        label="Phone"
        name="phone"
        type="tel"
        defaultValue={patient?.profile.phone ?? ''}
        errors={errors.phone}
      />
      <TextAreaField
        label="Address"
        name="address"
        rows={3}
        defaultValue={patient?.profile.address ?? ''}
        errors={errors.address}
      />
    </>
  );
}

export function CreatePatientForm({ onCreated }: { onCreated: (patient: Patient) => void }) {
  const create = useCreatePatient({ onSuccess: onCreated });
  const errors = fieldErrorsOf(create.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      ...readProfile(form),
      username: formText(form, 'username'),
      password: formText(form, 'password'),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {create.error && <ErrorMessage error={create.error} action="create the patient" />}
      <fieldset className="fieldset">
        <legend>Sign-in</legend>
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
      </fieldset>
      <fieldset className="fieldset">
        <legend>Profile</legend>
        <PatientFields errors={errors} />
      </fieldset>
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create patient'}
      </button>
    </form>
  );
}

export function EditPatientForm({ patient, onSaved }: { patient: Patient; onSaved: () => void }) {
  const update = useUpdatePatient(patient.id, { onSuccess: onSaved });
  const errors = fieldErrorsOf(update.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(readProfile(new FormData(event.currentTarget)));
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {update.error && <ErrorMessage error={update.error} action="save the patient" />}
      <PatientFields patient={patient} errors={errors} />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save changes'}
      </button>
    </form>
  );
}
