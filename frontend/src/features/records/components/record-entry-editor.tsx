import { type SubmitEvent, useState } from 'react';

import { DateField } from '@/components/form/date-field';
import { FormErrors, TextAreaField, TextField } from '@/components/form/field';
import type { RecordEntry } from '@/features/records/api/get-records';
import { useUpdateRecord } from '@/features/records/api/update-record';
import { ConflictOrError } from '@/features/records/components/conflict-or-error';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

const FIELDS = ['entry_date', 'diagnosis', 'treatment_plan', 'medications_text', 'notes'] as const;

type RecordEntryEditorProps = {
  entry: RecordEntry;
  onDone: () => void;
  onCancel: () => void;
};

/** A clinician edits an entry; the version they opened is sent so a concurrent edit is refused. */
export function RecordEntryEditor({ entry, onDone, onCancel }: RecordEntryEditorProps) {
  const update = useUpdateRecord(entry.id);
  // The version opened, not the latest: saving over a newer text must be refused, not retried.
  const [version] = useState(entry.version);
  const errors = fieldErrorsOf(update.error);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate(
      {
        entry_date: formText(form, 'entry_date'),
        diagnosis: formText(form, 'diagnosis'),
        treatment_plan: formText(form, 'treatment_plan'),
        medications_text: formText(form, 'medications_text'),
        notes: formText(form, 'notes'),
        version,
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="form"
      aria-label={`Edit the entry of ${entry.entry_date}`}
    >
      {update.error && Object.keys(errors).length === 0 && (
        <ConflictOrError error={update.error} action="save the entry" />
      )}
      <DateField
        label="Date of the entry"
        name="entry_date"
        required
        defaultValue={entry.entry_date}
        errors={errors.entry_date}
      />
      <TextField
        label="Diagnosis"
        name="diagnosis"
        defaultValue={entry.diagnosis}
        errors={errors.diagnosis}
      />
      <TextAreaField
        label="Treatment plan"
        name="treatment_plan"
        rows={3}
        defaultValue={entry.treatment_plan}
        errors={errors.treatment_plan}
      />
      <TextAreaField
        label="Medications (as prescribed in the visit)"
        name="medications_text"
        rows={2}
        defaultValue={entry.medications_text}
        errors={errors.medications_text}
      />
      <TextAreaField
        label="Notes"
        name="notes"
        rows={4}
        defaultValue={entry.notes}
        errors={errors.notes}
      />
      <FormErrors messages={otherFieldErrors(errors, FIELDS)} />
      <div className="button-row">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save the entry'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
