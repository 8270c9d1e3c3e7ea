import { type SubmitEvent, useState } from 'react';

import { FormErrors, TextAreaField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useBookAppointment } from '@/features/scheduling/api/book-appointment';
import type { Appointment } from '@/features/scheduling/api/get-appointments';
import { useClinic } from '@/features/scheduling/api/get-clinic';
import { changePolicyText } from '@/features/scheduling/policy';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/datetime';
import { fieldErrorsOf, formText, otherFieldErrors } from '@/lib/form-errors';
import { newIdempotencyKey } from '@/lib/idempotency';

type BookingFormProps = {
  doctor: { id: number; full_name: string };
  start: string;
  /** Staff book on a patient's behalf; a patient books for themselves. */
  patientId?: number;
  onBooked: (appointment: Appointment) => void;
};

const CONFLICTS: Record<string, string> = {
  slot_taken:
    'Someone has just booked that time. The free times have been refreshed: please choose another.',
  patient_overlap: 'There is already an appointment at that time. Please choose another time.',
  upcoming_limit_reached:
    'The limit of upcoming appointments has been reached. Cancel one before booking another.',
  doctor_not_accepting_new_patients:
    'This doctor is not accepting new patients. Please choose another doctor.',
};

/** Confirms one chosen slot with the patient's note. Mount it with `key={start}`. */
export function BookingForm({ doctor, start, patientId, onBooked }: BookingFormProps) {
  // One key per chosen slot: pressing the button again after a lost answer books once.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const book = useBookAppointment({ onSuccess: onBooked });
  const clinic = useClinic();
  const errors = fieldErrorsOf(book.error);
  const conflict =
    book.error instanceof ApiError && book.error.status === 409
      ? (CONFLICTS[book.error.code] ?? book.error.detail)
      : null;

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = formText(new FormData(event.currentTarget), 'reason');
    book.mutate({
      input: { doctor: doctor.id, start, reason, ...(patientId ? { patient: patientId } : {}) },
      idempotencyKey,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="booking-heading">
      <h2 id="booking-heading">Confirm the appointment</h2>
      <p>
        <strong>{formatDateTime(start)}</strong> with {doctor.full_name}
      </p>
      {clinic.isSuccess && <p className="muted">{changePolicyText(start, clinic.data)}</p>}
      {conflict ? (
        <p role="alert" className="alert alert-error">
          {conflict}
        </p>
      ) : (
        book.error &&
        Object.keys(errors).length === 0 && (
          <ErrorMessage error={book.error} action="book the appointment" />
        )
      )}
      <TextAreaField
        label="Reason for the visit (optional)"
        name="reason"
        rows={3}
        maxLength={2000}
        errors={errors.reason}
      />
      <FormErrors messages={otherFieldErrors(errors, ['reason'])} />
      <button type="submit" className="button" disabled={book.isPending}>
        {book.isPending ? 'Booking…' : 'Book appointment'}
      </button>
    </form>
  );
}
