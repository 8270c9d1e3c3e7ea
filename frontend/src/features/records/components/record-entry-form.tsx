import { type SubmitEvent, useState } from 'react';

import { DateField } from '@/components/form/date-field';
import { FormErrors, TextAreaField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useCreateRecord } from '@/features/records/api/create-record';
import { clinicDay } from '@/lib/datetime';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['entry_date', 'diagnosis', 'treatment_plan', 'medications_text', 'notes'] as const;

/** A clinician adds a dated entry to the patient's record; they become its author. */
export function RecordEntryForm({ patientId }: { patientId: number }) {
  const [saved, setSaved] = useState(false);
  const create = useCreateRecord();
  const errors = fieldErrorsOf(create.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setSaved(false);
    create.mutate(
      {
        patient: patientId,
        entry_date: formText(form, 'entry_date'),
        diagnosis: formText(form, 'diagnosis'),
        treatment_plan: formText(form, 'treatment_plan'),
        medications_text: formText(form, 'medications_text'),
        notes: formText(form, 'notes'),
      },
      {
        onSuccess: () => {
          formElement.reset();
          setSaved(true);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="new-record-heading">
      <h2 id="new-record-heading">Add a record entry</h2>
      {saved && (
        <p role="status" className="alert alert-success">
          The entry has been added to the record.
        </p>
      )}
      {create.error && Object.keys(errors).length === 0 && (
        <ErrorMessage error={create.error} action="add the entry" />
      )}
      <DateField
        label="Date of the entry"
        name="entry_date"
        defaultValue={clinicDay()}
        required
        errors={errors.entry_date}
      />
      <TextField label="Diagnosis" name="diagnosis" errors={errors.diagnosis} />
      <TextAreaField
        label="Treatment plan"
        name="treatment_plan"
        rows={3}
        errors={errors.treatment_plan}
      />
      <TextAreaField
        label="Medications (as prescribed in the visit)"
        name="medications_text"
        rows={2}
        errors={errors.medications_text}
      />
      <TextAreaField label="Notes" name="notes" rows={4} errors={errors.notes} />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Saving…' : 'Add entry'}
      </button>
    </form>
  );
}
