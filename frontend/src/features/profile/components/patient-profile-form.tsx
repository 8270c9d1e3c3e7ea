import { type SubmitEvent, useState } from 'react';

import { DateField } from '@/components/form/date-field';
import { FormErrors, SelectField, TextAreaField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { type Me, useUpdateMe } from '@/features/profile/api/update-me';
import {
  type ContactRow,
  EmergencyContactsFieldset,
} from '@/features/profile/components/emergency-contacts-fieldset';
import { newRowKey, rowErrorsByKey } from '@/features/profile/contact-rows';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';
import type { Schemas } from '@/types/api';

const FIELDS = [
  'first_name',
  'last_name',
  'email',
  'date_of_birth',
  'sex',
  'phone',
  'address',
  'emergency_contacts',
  'preferences',
] as const;

const SEX_OPTIONS = [
  { value: 'undisclosed', label: 'Prefer not to say' },
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
] as const;

const CHANNEL_OPTIONS = [
  { value: 'email', label: 'E-mail' },
  { value: 'in_app', label: 'In the app' },
] as const;

const LANGUAGE_OPTIONS = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'Français' },
  { value: 'de', label: 'Deutsch' },
  { value: 'es', label: 'Español' },
] as const;

/** The patient's own profile: contact details, emergency contacts and preferences. */
export function PatientProfileForm({ me }: { me: Me }) {
  const profile = me.patient_profile;
  const [contacts, setContacts] = useState<ContactRow[]>(() =>
    (profile?.emergency_contacts ?? []).map((contact) => ({ ...contact, key: newRowKey() })),
  );
  // The rows as they were sent, to put the answer's per-position errors on the right rows.
  const [sentKeys, setSentKeys] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const update = useUpdateMe({
    onSuccess: () => {
      setSaved(true);
    },
  });
  const fields = rowErrorsByKey(fieldErrorsOf(update.error), sentKeys);
  const preferences = profile?.preferences;

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    setSentKeys(contacts.map((contact) => contact.key));
    const dateOfBirth = formText(form, 'date_of_birth');
    update.mutate({
      first_name: formText(form, 'first_name'),
      last_name: formText(form, 'last_name'),
      email: formText(form, 'email'),
      date_of_birth: dateOfBirth || null,
      sex: formText(form, 'sex') as Schemas['SexEnum'],
      phone: formText(form, 'phone'),
      address: formText(form, 'address'),
      emergency_contacts: contacts.map((contact) => ({
        name: contact.name.trim(),
        relation: contact.relation.trim(),
        phone: contact.phone.trim(),
      })),
      preferences: {
        channel: formText(form, 'channel') as Schemas['ChannelEnum'],
        language: formText(form, 'language'),
        reminder_lead_hours: Number(formText(form, 'reminder_lead_hours')),
      },
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

      <fieldset className="fieldset">
        <legend>About you</legend>
        <div className="form-row">
          <TextField
            label="First name"
            name="first_name"
            autoComplete="given-name"
            defaultValue={me.first_name}
            errors={fields.first_name}
          />
          <TextField
            label="Last name"
            name="last_name"
            autoComplete="family-name"
            defaultValue={me.last_name}
            errors={fields.last_name}
          />
        </div>
        <div className="form-row">
          <DateField
            label="Date of birth"
            name="date_of_birth"
            defaultValue={profile?.date_of_birth ?? ''}
            errors={fields.date_of_birth}
          />
          <SelectField
            label="Sex"
            name="sex"
            defaultValue={profile?.sex ?? 'undisclosed'}
            options={SEX_OPTIONS}
            errors={fields.sex}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Contact details</legend>
        <TextField
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={me.email}
          errors={fields.email}
        />
        <TextField
          label="Phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          defaultValue={profile?.phone ?? ''}
          errors={fields.phone}
        />
        <TextAreaField
          label="Address"
          name="address"
          rows={3}
          autoComplete="street-address"
          defaultValue={profile?.address ?? ''}
          errors={fields.address}
        />
      </fieldset>

      <EmergencyContactsFieldset rows={contacts} onChange={setContacts} errors={fields} />

      <fieldset className="fieldset">
        <legend>Preferences</legend>
        <SelectField
          label="Preferred channel for reminders"
          name="channel"
          defaultValue={preferences?.channel ?? 'email'}
          options={CHANNEL_OPTIONS}
          errors={fields['preferences.channel']}
        />
        <SelectField
          label="Language"
          name="language"
          defaultValue={preferences?.language ?? 'en'}
          options={LANGUAGE_OPTIONS}
          errors={fields['preferences.language']}
        />
        <TextField
          label="Reminder lead time (hours)"
          name="reminder_lead_hours"
          type="number"
          min={1}
          max={168}
          defaultValue={String(preferences?.reminder_lead_hours ?? 24)}
          errors={fields['preferences.reminder_lead_hours']}
        />
      </fieldset>

      <FormErrors messages={otherFieldErrors(fields, FIELDS)} />
      <button type="submit" className="button" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save profile'}
      </button>
    </form>
  );
}
