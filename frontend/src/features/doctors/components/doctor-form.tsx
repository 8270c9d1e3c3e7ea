import { type SubmitEvent } from 'react';

import { FormErrors, TextAreaField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { type DoctorCreateInput, useCreateDoctor } from '@/features/doctors/api/create-doctor';
import type { Doctor } from '@/features/doctors/api/get-doctors';
import { useUpdateDoctor } from '@/features/doctors/api/update-doctor';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = [
  'username',
  'password',
  'first_name',
  'last_name',
  'email',
  'specialty',
  'licence_number',
  'bio',
  'default_appointment_minutes',
  'accepting_new_patients',
] as const;

function readProfile(form: FormData) {
  return {
    first_name: formText(form, 'first_name'),
    last_name: formText(form, 'last_name'),
    email: formText(form, 'email'),
    specialty: formText(form, 'specialty'),
    licence_number: formText(form, 'licence_number'),
    bio: formText(form, 'bio'),
    default_appointment_minutes: Number(formText(form, 'default_appointment_minutes')),
    accepting_new_patients: form.get('accepting_new_patients') === 'on',
  };
}

type FieldsProps = { doctor?: Doctor; errors: Record<string, string[]> };

function DoctorFields({ doctor, errors }: FieldsProps) {
  return (
    <>
      <div className="form-row">
        <TextField
          label="First name"
          name="first_name"
          required
          defaultValue={doctor?.first_name}
          errors={errors.first_name}
        />
        <TextField
          label="Last name"
          name="last_name"
          required
          defaultValue={doctor?.last_name}
          errors={errors.last_name}
        />
      </div>
      <TextField
        label="E-mail"
        name="email"
        type="email"
        required
        defaultValue={doctor?.email}
        errors={errors.email}
      />
      <div className="form-row">
        <TextField
          label="Specialty"
          name="specialty"
          required
          defaultValue={doctor?.specialty}
          errors={errors.specialty}
        />
        <TextField
          label="Licence number"
          name="licence_number"
          required
          defaultValue={doctor?.licence_number}
          errors={errors.licence_number}
        />
      </div>
      <TextAreaField
        label="Short bio"
        name="bio"
        rows={3}
        defaultValue={doctor?.bio}
        errors={errors.bio}
      />
      <TextField
        label="Default appointment length (minutes)"
        name="default_appointment_minutes"
        type="number"
        min={5}
        max={240}
        defaultValue={String(doctor?.default_appointment_minutes ?? 15)}
        errors={errors.default_appointment_minutes}
      />
      <div className="checkbox">
        <input
          id="accepting_new_patients"
          name="accepting_new_patients"
          type="checkbox"
          defaultChecked={doctor?.accepting_new_patients ?? true}
        />
        <label htmlFor="accepting_new_patients">Accepting new patients</label>
      </div>
    </>
  );
}

export function CreateDoctorForm({ onCreated }: { onCreated: (doctor: Doctor) => void }) {
  const create = useCreateDoctor({ onSuccess: onCreated });
  const errors = fieldErrorsOf(create.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input: DoctorCreateInput = {
      ...readProfile(form),
      username: formText(form, 'username'),
      password: formText(form, 'password'),
    };
    create.mutate(input);
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {create.error && <ErrorMessage error={create.error} action="create the doctor" />}
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
          hint="Give it to the doctor in person; they can change it after signing in."
          errors={errors.password}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>Profile</legend>
        <DoctorFields errors={errors} />
      </fieldset>
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create doctor'}
      </button>
    </form>
  );
}

export function EditDoctorForm({ doctor, onSaved }: { doctor: Doctor; onSaved: () => void }) {
  const update = useUpdateDoctor(doctor.id, { onSuccess: onSaved });
  const errors = fieldErrorsOf(update.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(readProfile(new FormData(event.currentTarget)));
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {update.error && <ErrorMessage error={update.error} action="save the doctor" />}
      <DoctorFields doctor={doctor} errors={errors} />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save changes'}
      </button>
    </form>
  );
}
