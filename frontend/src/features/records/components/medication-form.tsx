import { type SubmitEvent, useState } from 'react';

import { DateField } from '@/components/form/date-field';
import { FormErrors, TextAreaField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useCreateMedication } from '@/features/records/api/create-medication';
import { clinicDay } from '@/lib/datetime';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['name', 'dose', 'frequency', 'start_date', 'end_date', 'notes'] as const;

/** A doctor prescribes a medication for one of their patients. */
export function MedicationForm({ patientId }: { patientId: number }) {
  const [saved, setSaved] = useState<string | null>(null);
  const create = useCreateMedication();
  const errors = fieldErrorsOf(create.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = formText(form, 'name');
    const endDate = formText(form, 'end_date');
    setSaved(null);
    create.mutate(
      {
        patient: patientId,
        name,
        dose: formText(form, 'dose'),
        frequency: formText(form, 'frequency'),
        start_date: formText(form, 'start_date'),
        end_date: endDate === '' ? null : endDate,
        notes: formText(form, 'notes'),
      },
      {
        onSuccess: () => {
          formElement.reset();
          setSaved(`${name} has been prescribed.`);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="prescribe-heading">
      <h2 id="prescribe-heading">Prescribe a medication</h2>
      {saved && (
        <p role="status" className="alert alert-success">
          {saved}
        </p>
      )}
      {create.error && Object.keys(errors).length === 0 && (
        <ErrorMessage error={create.error} action="prescribe the medication" />
      )}
      <TextField label="Medication" name="name" required maxLength={200} errors={errors.name} />
      <TextField
        label="Dose"
        name="dose"
        required
        maxLength={100}
        hint="For example 200 mg"
        errors={errors.dose}
      />
      <TextField
        label="How often"
        name="frequency"
        required
        maxLength={100}
        hint="For example twice a day"
        errors={errors.frequency}
      />
      <DateField
        label="Start date"
        name="start_date"
        required
        defaultValue={clinicDay()}
        errors={errors.start_date}
      />
      <DateField label="End date (optional)" name="end_date" errors={errors.end_date} />
      <TextAreaField label="Notes for the patient" name="notes" rows={2} errors={errors.notes} />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Prescribing…' : 'Prescribe'}
      </button>
    </form>
  );
}
