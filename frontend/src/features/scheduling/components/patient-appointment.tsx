import { type SubmitEvent, useState } from 'react';

import { TextAreaField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { useCancelAppointment } from '@/features/scheduling/api/cancel-appointment';
import type { Appointment } from '@/features/scheduling/api/get-appointments';
import { useClinic } from '@/features/scheduling/api/get-clinic';
import { useRescheduleAppointment } from '@/features/scheduling/api/reschedule-appointment';
import { IcsDownloadButton } from '@/features/scheduling/components/ics-download-button';
import { SlotPicker } from '@/features/scheduling/components/slot-picker';
import { StatusBadge } from '@/features/scheduling/components/status-badge';
import { changePolicyText, changeableOnline, tooLateText } from '@/features/scheduling/policy';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/datetime';
import { fieldErrorsOf, formText } from '@/lib/form-errors';

type Mode = 'view' | 'cancel' | 'reschedule';

function conflictText(error: unknown, phone: string | undefined): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) {
    return null;
  }
  if (error.code === 'slot_taken') {
    return 'Someone has just booked that time. The free times have been refreshed: please choose another.';
  }
  if (error.code === 'cancellation_too_late') {
    return `It is too close to the appointment to change it online. Please call the clinic${
      phone ? ` on ${phone}` : ''
    }.`;
  }
  if (error.code === 'patient_overlap') {
    return `${error.detail} Choose a time that does not clash with your other appointments.`;
  }
  return error.detail;
}

/** One of the patient's own appointments, with cancel and reschedule while it is booked. */
export function PatientAppointment({ appointment }: { appointment: Appointment }) {
  const [mode, setMode] = useState<Mode>('view');
  const [newStart, setNewStart] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const cancel = useCancelAppointment(appointment.id, {
    onSuccess: () => {
      setMode('view');
      setDone('The appointment has been cancelled.');
    },
  });
  const reschedule = useRescheduleAppointment(appointment.id, {
    onSuccess: () => {
      setMode('view');
      setDone('The appointment has been moved.');
    },
  });
  const when = formatDateTime(appointment.start);
  const label = `${when} with ${appointment.doctor.full_name}`;

  function submitCancel(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    cancel.mutate(formText(new FormData(event.currentTarget), 'reason'));
  }

  const clinic = useClinic();
  const phone = clinic.data?.phone;
  const booked = appointment.status === 'booked' && new Date(appointment.start) > new Date();
  // Until the clinic's rules have loaded, nothing is offered that they might forbid.
  const changeable =
    booked &&
    clinic.isSuccess &&
    changeableOnline(appointment.start, clinic.data.cancellation_cutoff_hours);
  const tooLate = booked && clinic.isSuccess && !changeable;

  return (
    <li className="card appointment" aria-label={label}>
      <div className="appointment-head">
        <h3>{when}</h3>
        <StatusBadge status={appointment.status} />
      </div>
      <p className="card-meta">
        {appointment.doctor.full_name}, {appointment.doctor.specialty}
      </p>
      {appointment.reason && <p>Reason: {appointment.reason}</p>}
      {appointment.status === 'cancelled' && appointment.cancellation_reason && (
        <p className="muted">Cancelled: {appointment.cancellation_reason}</p>
      )}
      {done && (
        <p role="status" className="alert alert-success">
          {done}
        </p>
      )}
      {changeable && mode === 'view' && (
        <p className="muted">{changePolicyText(appointment.start, clinic.data)}</p>
      )}
      {tooLate && <p className="alert alert-info">{tooLateText(clinic.data)}</p>}
      {mode === 'view' && (
        <div className="button-row">
          <IcsDownloadButton appointmentId={appointment.id} label={label} />
        </div>
      )}

      {changeable && mode === 'view' && (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setDone(null);
              setMode('reschedule');
            }}
          >
            Reschedule
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setDone(null);
              setMode('cancel');
            }}
          >
            Cancel appointment
          </button>
        </div>
      )}

      {mode === 'cancel' && (
        <form onSubmit={submitCancel} className="form" aria-label={`Cancel ${label}`}>
          {conflictText(cancel.error, phone) ? (
            <p role="alert" className="alert alert-error">
              {conflictText(cancel.error, phone)}
            </p>
          ) : (
            cancel.error && <ErrorMessage error={cancel.error} action="cancel the appointment" />
          )}
          <TextAreaField
            label="Why are you cancelling?"
            name="reason"
            rows={2}
            required
            errors={fieldErrorsOf(cancel.error).reason}
          />
          <div className="button-row">
            <button type="submit" className="button button-danger" disabled={cancel.isPending}>
              {cancel.isPending ? 'Cancelling…' : 'Confirm cancellation'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setMode('view');
              }}
            >
              Keep the appointment
            </button>
          </div>
        </form>
      )}

      {mode === 'reschedule' && (
        <div className="form" role="group" aria-label={`Reschedule ${label}`}>
          <SlotPicker
            doctorId={appointment.doctor.id}
            value={newStart}
            onChange={setNewStart}
            initialDate={appointment.start.slice(0, 10)}
          />
          {conflictText(reschedule.error, phone) ? (
            <p role="alert" className="alert alert-error">
              {conflictText(reschedule.error, phone)}
            </p>
          ) : (
            reschedule.error && (
              <ErrorMessage error={reschedule.error} action="move the appointment" />
            )
          )}
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={newStart === null || reschedule.isPending}
              onClick={() => {
                if (newStart) {
                  reschedule.mutate(newStart);
                }
              }}
            >
              {reschedule.isPending
                ? 'Moving…'
                : newStart
                  ? `Move to ${formatDateTime(newStart)}`
                  : 'Choose a new time'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setMode('view');
              }}
            >
              Keep the current time
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
