import { Link } from 'react-router';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import {
  type Appointment,
  type AppointmentFilters,
  useAppointments,
} from '@/features/scheduling/api/get-appointments';
import { ScheduleEntry } from '@/features/scheduling/components/schedule-entry';
import { StatusBadge } from '@/features/scheduling/components/status-badge';
import { clinicDay, formatDay, formatTime } from '@/lib/datetime';

// The API's largest page: a doctor's day or week fits in it.
const PAGE_SIZE = 100;
// New bookings and cancellations show up without a reload.
const REFRESH_MS = 30_000;
const WEEK_DAYS = 7;

type DoctorDayProps = {
  /** The patient's chart: one click from each appointment. */
  patientHref: (patientId: number) => string;
  /** The whole schedule, for a day too full for one page. */
  scheduleHref: string;
};

function range(dateFrom: string, dateTo: string): AppointmentFilters {
  return { date_from: dateFrom, date_to: dateTo, ordering: 'start', page_size: PAGE_SIZE };
}

/** The clinic-local day (YYYY-MM-DD) an appointment starts on. */
function dayOf(appointment: Appointment): string {
  return clinicDay(0, new Date(appointment.start));
}

function Truncated({ shown, count, href }: { shown: number; count: number; href: string }) {
  if (count <= shown) {
    return null;
  }
  return (
    <p className="muted">
      Showing the first {shown} of {count}. <Link to={href}>See them all in the schedule</Link>.
    </p>
  );
}

/** The signed-in doctor's home: today's appointments in order, then the next seven days by day. */
export function DoctorDay({ patientHref, scheduleHref }: DoctorDayProps) {
  const today = clinicDay();
  const day = useAppointments(range(today, today), { refetchInterval: REFRESH_MS });
  const week = useAppointments(range(clinicDay(1), clinicDay(WEEK_DAYS)), {
    refetchInterval: REFRESH_MS,
  });
  const weekDays = Array.from({ length: WEEK_DAYS }, (_, index) => clinicDay(index + 1));

  return (
    <>
      <section aria-labelledby="today-heading">
        <h2 id="today-heading">Today, {formatDay(today)}</h2>
        {day.isPending && <Loading label="Loading today’s appointments…" />}
        {day.isError && <ErrorMessage error={day.error} action="load today’s appointments" />}
        {day.isSuccess &&
          (day.data.count === 0 ? (
            <p>No appointments today.</p>
          ) : (
            <>
              <ul className="appointments" aria-label="Today’s appointments">
                {day.data.results.map((appointment) => (
                  <ScheduleEntry
                    key={appointment.id}
                    appointment={appointment}
                    canDocument
                    patientHref={patientHref}
                  />
                ))}
              </ul>
              <Truncated
                shown={day.data.results.length}
                count={day.data.count}
                href={scheduleHref}
              />
            </>
          ))}
      </section>

      <section aria-labelledby="week-heading">
        <h2 id="week-heading">The next 7 days</h2>
        {week.isPending && <Loading label="Loading the next 7 days…" />}
        {week.isError && <ErrorMessage error={week.error} action="load the next 7 days" />}
        {week.isSuccess &&
          (week.data.count === 0 ? (
            <p>No appointments in the next 7 days.</p>
          ) : (
            <>
              {weekDays.map((date) => {
                const appointments = week.data.results.filter((item) => dayOf(item) === date);
                const headingId = `day-${date}`;
                return (
                  <section key={date} aria-labelledby={headingId} className="week-ahead-day">
                    <h3 id={headingId}>{formatDay(date)}</h3>
                    {appointments.length === 0 ? (
                      <p className="muted">No appointments.</p>
                    ) : (
                      <ul className="day-list" aria-label={`Appointments on ${formatDay(date)}`}>
                        {appointments.map((appointment) => (
                          <li key={appointment.id}>
                            <time dateTime={appointment.start}>
                              {formatTime(appointment.start)}–{formatTime(appointment.end)}
                            </time>
                            <Link to={patientHref(appointment.patient.id)}>
                              {appointment.patient.full_name}
                            </Link>
                            <StatusBadge status={appointment.status} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </section>
                );
              })}
              <Truncated
                shown={week.data.results.length}
                count={week.data.count}
                href={`${scheduleHref}?date_from=${clinicDay(1)}&date_to=${clinicDay(WEEK_DAYS)}`}
              />
            </>
          ))}
      </section>
    </>
  );
}
