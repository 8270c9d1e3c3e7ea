import { type SubmitEvent, useState } from 'react';

import { SelectField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useAssignDoctor } from '@/features/patients/api/assign-doctor';
import type { Patient } from '@/features/patients/api/get-patients';
import { fieldErrorsOf, formText } from '@/lib/form-errors';

export type DoctorOption = { id: number; full_name: string; specialty: string };

type AssignDoctorFormProps = {
  patient: Patient;
  /** The active doctors to choose from (the route loads them from the doctors feature). */
  doctors: readonly DoctorOption[];
};

export function AssignDoctorForm({ patient, doctors }: AssignDoctorFormProps) {
  const [saved, setSaved] = useState(false);
  const assign = useAssignDoctor(patient.id, {
    onSuccess: () => {
      setSaved(true);
    },
  });
  const errors = fieldErrorsOf(assign.error);
  const current = patient.profile.primary_doctor;

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = formText(new FormData(event.currentTarget), 'doctor');
    setSaved(false);
    assign.mutate(value ? Number(value) : null);
  }

  return (
    <form onSubmit={submit} className="form" aria-labelledby="assign-heading">
      <h2 id="assign-heading">Primary doctor</h2>
      <p>
        Currently:{' '}
        <strong>{current ? `${current.full_name} (${current.specialty})` : 'none'}</strong>
      </p>
      {saved && (
        <p role="status" className="alert alert-success">
          The primary doctor has been saved.
        </p>
      )}
      {assign.error && Object.keys(errors).length === 0 && (
        <ErrorMessage error={assign.error} action="assign the doctor" />
      )}
      <SelectField
        label="Doctor"
        name="doctor"
        defaultValue={current ? String(current.id) : ''}
        key={current?.id ?? 'none'}
        errors={errors.doctor}
        options={[
          { value: '', label: 'No primary doctor' },
          ...doctors.map((doctor) => ({
            value: String(doctor.id),
            label: `${doctor.full_name} (${doctor.specialty})`,
          })),
        ]}
      />
      <button type="submit" className="button" disabled={assign.isPending}>
        {assign.isPending ? 'Saving…' : 'Assign doctor'}
      </button>
    </form>
  );
}
