import { type SubmitEvent } from 'react';

import { DateField } from '@/components/form/date-field';
import { FormErrors, TextAreaField, TextField } from '@/components/form/field';
import type { Medication } from '@/features/records/api/get-medications';
import {
  type MedicationUpdateInput,
  useUpdateMedication,
} from '@/features/records/api/update-medication';
import { ConflictOrError } from '@/features/records/components/conflict-or-error';
import { clinicDay } from '@/lib/datetime';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';

export type EditMode = 'change' | 'end';

type MedicationEditorProps = {
  medication: Medication;
  mode: EditMode;
  onDone: (message: string) => void;
  onCancel: () => void;
};

/** A doctor changes a medication (dose, frequency, end date, notes) or ends it. */
export function MedicationEditor({ medication, mode, onDone, onCancel }: MedicationEditorProps) {
  const update = useUpdateMedication(medication.id);
  const errors = fieldErrorsOf(update.error);
  const shown =
    mode === 'end' ? ['end_date', 'active'] : ['dose', 'frequency', 'end_date', 'notes'];
  const title = mode === 'end' ? `End ${medication.name}` : `Change ${medication.name}`;

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const endDate = formText(form, 'end_date');
    if (mode === 'end') {
      update.mutate(
        { active: false, end_date: endDate === '' ? null : endDate },
        {
          onSuccess: () => {
            onDone(`${medication.name} has ended.`);
          },
        },
      );
      return;
    }
    const wanted: MedicationUpdateInput = {
      dose: formText(form, 'dose'),
      frequency: formText(form, 'frequency'),
      end_date: endDate === '' ? null : endDate,
      notes: formText(form, 'notes'),
    };
    // Only what changed: an ended medication takes note changes only.
    const changes = Object.fromEntries(
      Object.entries(wanted).filter(
        ([field, value]) => medication[field as keyof Medication] !== value,
      ),
    ) as MedicationUpdateInput;
    update.mutate(changes, {
      onSuccess: () => {
        onDone(`${medication.name} has been changed.`);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form card" aria-label={title}>
      <h3>{title}</h3>
      {update.error && Object.keys(errors).length === 0 && (
        <ConflictOrError error={update.error} action="change the medication" />
      )}
      {mode === 'end' ? (
        <DateField
          label="Last day"
          name="end_date"
          defaultValue={clinicDay()}
          errors={errors.end_date}
        />
      ) : (
        <>
          <TextField
            label="Dose"
            name="dose"
            required
            defaultValue={medication.dose}
            errors={errors.dose}
          />
          <TextField
            label="How often"
            name="frequency"
            required
            defaultValue={medication.frequency}
            errors={errors.frequency}
          />
          <DateField
            label="End date (optional)"
            name="end_date"
            defaultValue={medication.end_date ?? ''}
            errors={errors.end_date}
          />
          <TextAreaField
            label="Notes for the patient"
            name="notes"
            rows={2}
            defaultValue={medication.notes}
            errors={errors.notes}
          />
        </>
      )}
      <FormErrors messages={otherFieldErrors(errors, shown)} />
      <div className="button-row">
        <button
          type="submit"
          className={mode === 'end' ? 'button button-danger' : 'button'}
          disabled={update.isPending}
        >
          {mode === 'end' ? 'End medication' : 'Save changes'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
