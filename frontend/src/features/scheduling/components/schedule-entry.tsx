import { type SubmitEvent, useState } from 'react';
import { Link } from 'react-router';

import { TextAreaField } from '@/components/form/field';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorMessage } from '@/components/ui/error-message';
import { useCancelAppointment } from '@/features/scheduling/api/cancel-appointment';
import { useCompleteAppointment } from '@/features/scheduling/api/complete-appointment';
import type { Appointment } from '@/features/scheduling/api/get-appointments';
import { useMarkNoShow } from '@/features/scheduling/api/mark-no-show';
import { useReopenAppointment } from '@/features/scheduling/api/reopen-appointment';
import { ArrivalControl, ArrivalStatus } from '@/features/scheduling/components/arrival-control';
import { IcsDownloadButton } from '@/features/scheduling/components/ics-download-button';
import { StatusBadge } from '@/features/scheduling/components/status-badge';
import { useBefore } from '@/features/scheduling/hooks/use-before';
import { formatDateTime, formatTime } from '@/lib/datetime';
import { fieldErrorsOf, formText } from '@/lib/form-errors';

type Mode = 'view' | 'complete' | 'cancel';
/** A visit's outcome is asked about once more before it is recorded. */
type Confirming = { action: 'no_show' } | { action: 'complete'; notes: string } | null;

type ScheduleEntryProps = {
  appointment: Appointment;
  /** The doctor documents visits and no-shows; admins only see and cancel. */
  canDocument: boolean;
  /** Where the patient's name leads: their chart. */
  patientHref?: (patientId: number) => string;
};

/** One appointment of a schedule: arrival, document it, mark a no-show (and undo either), or cancel. */
export function ScheduleEntry({ appointment, canDocument, patientHref }: ScheduleEntryProps) {
  const [mode, setMode] = useState<Mode>('view');
  const [confirming, setConfirming] = useState<Confirming>(null);
  // The notes of a completion that was undone, offered again in the form.
  const [draftNotes, setDraftNotes] = useState('');
  const close = () => {
    setMode('view');
  };
  const complete = useCompleteAppointment(appointment.id, { onSuccess: close });
  const noShow = useMarkNoShow(appointment.id);
  const cancel = useCancelAppointment(appointment.id, { onSuccess: close });
  const closedNotes = appointment.consultation_notes ?? '';
  const wasCompleted = appointment.status === 'completed';
  const reopen = useReopenAppointment(appointment.id, {
    onSuccess: () => {
      if (wasCompleted) {
        setDraftNotes(closedNotes);
        setMode('complete');
      }
    },
  });
  const undoable = useBefore(appointment.undo_until);
  const label = `${formatDateTime(appointment.start)}, ${appointment.patient.full_name}`;
  const started = new Date(appointment.start) <= new Date();
  const booked = appointment.status === 'booked';
  const closed = appointment.status === 'completed' || appointment.status === 'no_show';

  function submitComplete(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setConfirming({
      action: 'complete',
      notes: formText(new FormData(event.currentTarget), 'consultation_notes'),
    });
  }

  function confirm() {
    if (confirming?.action === 'complete') {
      complete.mutate(confirming.notes);
    } else if (confirming?.action === 'no_show') {
      noShow.mutate();
    }
    setConfirming(null);
  }

  function submitCancel(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    cancel.mutate(formText(new FormData(event.currentTarget), 'reason'));
  }

  return (
    <li className="card appointment" aria-label={label}>
      <div className="appointment-head">
        <h3>
          <time dateTime={appointment.start}>{formatDateTime(appointment.start)}</time>–
          {formatTime(appointment.end)}
        </h3>
        <StatusBadge status={appointment.status} />
        <ArrivalStatus appointment={appointment} />
      </div>
      <p className="card-meta">
        {patientHref ? (
          <Link to={patientHref(appointment.patient.id)}>{appointment.patient.full_name}</Link>
        ) : (
          appointment.patient.full_name
        )}
        {!canDocument && ` with ${appointment.doctor.full_name}`}
      </p>
      {appointment.reason && <p>Patient&apos;s note: {appointment.reason}</p>}
      {appointment.consultation_notes && (
        <p>Consultation notes: {appointment.consultation_notes}</p>
      )}
      {noShow.error && <ErrorMessage error={noShow.error} action="mark the no-show" />}
      {reopen.error && <ErrorMessage error={reopen.error} action="undo" />}
      {mode === 'view' && (
        <div className="button-row">
          <IcsDownloadButton appointmentId={appointment.id} label={label} />
        </div>
      )}

      {canDocument && closed && undoable && mode === 'view' && appointment.undo_until && (
        <div className="button-row">
          <span className="muted">
            {wasCompleted ? 'Completed' : 'Marked as a no-show'} by mistake? You can undo it until{' '}
            {formatTime(appointment.undo_until)}.
          </span>
          <button
            type="button"
            className="button button-secondary"
            disabled={reopen.isPending}
            onClick={() => {
              reopen.mutate();
            }}
          >
            {wasCompleted ? 'Undo completion' : 'Undo no-show'}
          </button>
        </div>
      )}

      {booked && mode === 'view' && (
        <div className="button-row">
          <ArrivalControl appointment={appointment} />
          {!canDocument ? null : started ? (
            <>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setMode('complete');
                }}
              >
                Complete visit
              </button>
              <button
                type="button"
                className="button button-secondary"
                disabled={noShow.isPending}
                onClick={() => {
                  setConfirming({ action: 'no_show' });
                }}
              >
                Mark as no-show
              </button>
            </>
          ) : (
            <span className="muted">Can be completed once it has started.</span>
          )}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setMode('cancel');
            }}
          >
            Cancel appointment
          </button>
        </div>
      )}

      {mode === 'complete' && (
        <form onSubmit={submitComplete} className="form" aria-label={`Complete ${label}`}>
          {complete.error && Object.keys(fieldErrorsOf(complete.error)).length === 0 && (
            <ErrorMessage error={complete.error} action="complete the visit" />
          )}
          <TextAreaField
            label="Consultation notes"
            name="consultation_notes"
            rows={5}
            required
            defaultValue={draftNotes}
            errors={fieldErrorsOf(complete.error).consultation_notes}
          />
          <div className="button-row">
            <button type="submit" className="button" disabled={complete.isPending}>
              {complete.isPending ? 'Saving…' : 'Save and complete'}
            </button>
            <button type="button" className="button button-secondary" onClick={close}>
              Back
            </button>
          </div>
        </form>
      )}

      {mode === 'cancel' && (
        <form onSubmit={submitCancel} className="form" aria-label={`Cancel ${label}`}>
          {cancel.error && Object.keys(fieldErrorsOf(cancel.error)).length === 0 && (
            <ErrorMessage error={cancel.error} action="cancel the appointment" />
          )}
          <TextAreaField
            label="Reason for cancelling"
            name="reason"
            rows={2}
            required
            errors={fieldErrorsOf(cancel.error).reason}
          />
          <div className="button-row">
            <button type="submit" className="button button-danger" disabled={cancel.isPending}>
              {cancel.isPending ? 'Cancelling…' : 'Confirm cancellation'}
            </button>
            <button type="button" className="button button-secondary" onClick={close}>
              Back
            </button>
          </div>
        </form>
      )}

      {confirming && (
        <ConfirmDialog
          title={
            confirming.action === 'complete'
              ? `Complete the visit of ${appointment.patient.full_name}?`
              : `Mark ${appointment.patient.full_name} as a no-show?`
          }
          confirmLabel={
            confirming.action === 'complete' ? 'Yes, complete the visit' : 'Yes, mark as no-show'
          }
          onConfirm={confirm}
          onCancel={() => {
            setConfirming(null);
          }}
        >
          <p>
            {formatDateTime(appointment.start)}–{formatTime(appointment.end)}.{' '}
            {confirming.action === 'complete'
              ? 'The visit is recorded as completed with your consultation notes, which the patient can read in their record.'
              : 'The appointment is recorded as missed: the patient did not come.'}
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}
