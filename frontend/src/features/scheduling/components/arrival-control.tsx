import { ErrorMessage } from '@/components/ui/error-message';
import type { Appointment } from '@/features/scheduling/api/get-appointments';
import { useMarkArrived } from '@/features/scheduling/api/mark-arrived';
import { clinicDay, formatTime } from '@/lib/datetime';

/** Whether the patient of a booked visit is at the clinic (waiting), and whether they have arrived. */
export function ArrivalStatus({ appointment }: { appointment: Appointment }) {
  if (appointment.status !== 'booked') {
    return appointment.arrived_at ? (
      <span className="muted">Arrived {formatTime(appointment.arrived_at)}</span>
    ) : null;
  }
  return appointment.arrived_at ? (
    <span className="badge badge-arrived">Arrived {formatTime(appointment.arrived_at)}</span>
  ) : (
    <span className="badge badge-not-arrived">Not arrived</span>
  );
}

/** Mark the patient arrived, or take it back; offered for a booked visit from its day on. */
export function ArrivalControl({ appointment }: { appointment: Appointment }) {
  const arrival = useMarkArrived(appointment.id);
  const name = appointment.patient.full_name;
  const itsDay = clinicDay(0, new Date(appointment.start)) <= clinicDay();
  if (appointment.status !== 'booked' || !itsDay) {
    return null;
  }
  const arrived = appointment.arrived_at !== null;
  return (
    <>
      {arrival.error && (
        <ErrorMessage
          error={arrival.error}
          action={arrived ? 'take back the arrival' : 'mark the arrival'}
        />
      )}
      <button
        type="button"
        className="button button-secondary"
        aria-label={arrived ? `Undo arrival: ${name}` : `Mark arrived: ${name}`}
        disabled={arrival.isPending}
        onClick={() => {
          arrival.mutate(!arrived);
        }}
      >
        {arrived ? 'Undo arrival' : 'Mark arrived'}
      </button>
    </>
  );
}
