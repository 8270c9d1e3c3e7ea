import { type SubmitEvent, useState } from 'react';

import { FormErrors, TextAreaField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { type Me, useUpdateMe } from '@/features/profile/api/update-me';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = [
  'first_name',
  'last_name',
  'email',
  'bio',
  'default_appointment_minutes',
  'accepting_new_patients',
] as const;

/** A doctor's own directory entry: names, bio, default visit length, accepting patients. */
export function DoctorProfileForm({ me }: { me: Me }) {
  const profile = me.doctor_profile;
  const [saved, setSaved] = useState(false);
  const update = useUpdateMe({
    onSuccess: () => {
      setSaved(true);
    },
  });
  const fields = fieldErrorsOf(update.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    update.mutate({
      first_name: formText(form, 'first_name'),
      last_name: formText(form, 'last_name'),
      email: formText(form, 'email'),
      bio: formText(form, 'bio'),
      default_appointment_minutes: Number(formText(form, 'default_appointment_minutes')),
      accepting_new_patients: form.get('accepting_new_patients') === 'on',
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {saved && (
        <p role="status" className="alert alert-success">
          Your profile has been saved.
        </p>
      )}
      {update.error && <ErrorMessage error={update.error} action="save your profile" />}
      <div className="form-row">
        <TextField
          label="First name"
          name="first_name"
          defaultValue={me.first_name}
          errors={fields.first_name}
        />
        <TextField
          label="Last name"
          name="last_name"
          defaultValue={me.last_name}
          errors={fields.last_name}
        />
      </div>
      <TextField
        label="E-mail"
        name="email"
        type="email"
        defaultValue={me.email}
        errors={fields.email}
      />
      <TextAreaField
        label="Short bio"
        name="bio"
        rows={4}
        defaultValue={profile?.bio ?? ''}
        errors={fields.bio}
      />
      <TextField
        label="Default appointment length (minutes)"
        name="default_appointment_minutes"
        type="number"
        min={5}
        max={240}
        defaultValue={String(profile?.default_appointment_minutes ?? 15)}
        errors={fields.default_appointment_minutes}
      />
      <div className="checkbox">
        <input
          id="accepting_new_patients"
          name="accepting_new_patients"
          type="checkbox"
          defaultChecked={profile?.accepting_new_patients ?? true}
        />
        <label htmlFor="accepting_new_patients">Accepting new patients</label>
      </div>
      <FormErrors messages={otherFieldErrors(fields, FIELDS)} />
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save profile'}
      </button>
    </form>
  );
}
