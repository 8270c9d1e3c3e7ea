import { Link, useSearchParams } from 'react-router';

import { DateField } from '@/components/form/date-field';
import { SelectField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useAppointments } from '@/features/scheduling/api/get-appointments';
import { ArrivalControl, ArrivalStatus } from '@/features/scheduling/components/arrival-control';
import { StatusBadge } from '@/features/scheduling/components/status-badge';
import { clinicDay, formatDay, formatTime } from '@/lib/datetime';

// The API's largest page: a clinic's day fits in it.
const PAGE_SIZE = 100;
// Arrivals at the desk and new bookings show up without a reload.
const REFRESH_MS = 30_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type ClinicDayProps = {
  doctors: readonly { id: number; full_name: string }[];
  patientHref: (patientId: number) => string;
  /** Booking on a patient's behalf. */
  bookHref: (patientId: number) => string;
  /** Finding a patient who has no appointment that day, to book for them. */
  findPatientHref: string;
};

function waitingText(waiting: number): string {
  if (waiting === 0) {
    return 'Nobody is waiting.';
  }
  return waiting === 1 ? '1 patient is waiting.' : `${String(waiting)} patients are waiting.`;
}

/** A nurse's clinic day: every doctor's appointments on one date, in order, filterable by doctor,
 * with who has arrived and is waiting; arrivals are marked here. */
export function ClinicDay({ doctors, patientHref, bookHref, findPatientHref }: ClinicDayProps) {
  const [params, setParams] = useSearchParams();
  const dateParam = params.get('date') ?? '';
  const date = DAY.test(dateParam) ? dateParam : clinicDay();
  const doctorParam = Number(params.get('doctor'));
  const doctorId = Number.isInteger(doctorParam) && doctorParam > 0 ? doctorParam : null;
  const doctor = doctors.find((candidate) => candidate.id === doctorId);
  const appointments = useAppointments(
    {
      date_from: date,
      date_to: date,
      ...(doctorId ? { doctor: doctorId } : {}),
      ordering: 'start',
      page_size: PAGE_SIZE,
    },
    { refetchInterval: REFRESH_MS },
  );

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    setParams(next, { replace: true });
  }

  const day = formatDay(date);
  const title = `Appointments on ${day}${doctor ? ` with ${doctor.full_name}` : ''}`;

  return (
    <section aria-labelledby="clinic-day-heading">
      <h2 id="clinic-day-heading">The clinic’s day</h2>
      <div className="filters" role="group" aria-label="Choose the day and the doctor">
        <DateField
          label="Day"
          defaultValue={date}
          onChange={(day) => {
            // Cleared or half typed: the list keeps showing the last whole day.
            if (day) {
              setParam('date', day);
            }
          }}
        />
        <SelectField
          label="Doctor"
          value={doctorId ? String(doctorId) : ''}
          onChange={(event) => {
            setParam('doctor', event.target.value);
          }}
          options={[
            { value: '', label: 'Every doctor' },
            ...doctors.map((candidate) => ({
              value: String(candidate.id),
              label: candidate.full_name,
            })),
          ]}
        />
      </div>
      <p>
        <Link className="button" to={findPatientHref}>
          Book for a patient
        </Link>
      </p>
      {appointments.isPending && <Loading label="Loading the day…" />}
      {appointments.isError && (
        <ErrorMessage error={appointments.error} action="load the day’s appointments" />
      )}
      {appointments.isSuccess &&
        (appointments.data.count === 0 ? (
          <p>
            No appointments on {day}
            {doctor ? ` with ${doctor.full_name}` : ''}.
          </p>
        ) : (
          <div className="table-scroll">
            <p role="status">
              {waitingText(
                appointments.data.results.filter(
                  (item) => item.status === 'booked' && item.arrived_at !== null,
                ).length,
              )}
            </p>
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Doctor</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Status</th>
                  <th scope="col">Arrival</th>
                  <th scope="col">Book</th>
                </tr>
              </thead>
              <tbody>
                {appointments.data.results.map((appointment) => (
                  <tr key={appointment.id}>
                    <td>
                      <time dateTime={appointment.start}>
                        {formatTime(appointment.start)}–{formatTime(appointment.end)}
                      </time>
                    </td>
                    <td>{appointment.doctor.full_name}</td>
                    <th scope="row">
                      <Link to={patientHref(appointment.patient.id)}>
                        {appointment.patient.full_name}
                      </Link>
                    </th>
                    <td>
                      <StatusBadge status={appointment.status} />
                    </td>
                    <td>
                      <div className="button-row">
                        <ArrivalStatus appointment={appointment} />
                        <ArrivalControl appointment={appointment} />
                      </div>
                    </td>
                    <td>
                      <Link to={bookHref(appointment.patient.id)}>
                        Book for {appointment.patient.full_name}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {appointments.data.count > appointments.data.results.length && (
              <p className="muted">
                Showing the first {appointments.data.results.length} of {appointments.data.count};
                choose a doctor to see fewer.
              </p>
            )}
          </div>
        ))}
    </section>
  );
}
