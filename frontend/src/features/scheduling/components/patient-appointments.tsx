import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import {
  type AppointmentFilters,
  useAppointments,
} from '@/features/scheduling/api/get-appointments';
import { PatientAppointment } from '@/features/scheduling/components/patient-appointment';
import { clinicDay } from '@/lib/datetime';

const PAGE_SIZE = 10;

type When = 'upcoming' | 'cancelled' | 'past';

const TITLES: Record<When, string> = {
  upcoming: 'Upcoming appointments',
  cancelled: 'Cancelled appointments',
  past: 'Past appointments',
};

const EMPTY: Record<When, string> = {
  upcoming: 'No upcoming appointments.',
  cancelled: 'No cancelled upcoming appointments.',
  past: 'No past appointments.',
};

function filtersFor(when: When, page: number): AppointmentFilters {
  const paging = { page, page_size: PAGE_SIZE };
  if (when === 'upcoming') {
    return { status: 'booked', date_from: clinicDay(), ordering: 'start', ...paging };
  }
  if (when === 'cancelled') {
    return { status: 'cancelled', date_from: clinicDay(), ordering: 'start', ...paging };
  }
  return { date_to: clinicDay(), ordering: '-start', ...paging };
}

/**
 * Booked visits still to come (soonest first), cancelled ones that were still to come, and the
 * past (latest first: every visit that has started, whatever became of it).
 */
export function PatientAppointments({ when }: { when: When }) {
  const [page, setPage] = useState(1);
  const appointments = useAppointments(filtersFor(when, page));
  const title = TITLES[when];
  // The filters work in whole clinic days: today's visits that have started belong to the past.
  const now = new Date();
  const shown = (appointments.data?.results ?? []).filter((appointment) =>
    when === 'past' ? new Date(appointment.start) <= now : new Date(appointment.start) > now,
  );

  return (
    <section aria-labelledby={`${when}-heading`}>
      <h2 id={`${when}-heading`}>{title}</h2>
      {appointments.isPending && <Loading label="Loading appointments…" />}
      {appointments.isError && (
        <ErrorMessage error={appointments.error} action="load your appointments" />
      )}
      {appointments.isSuccess &&
        (shown.length === 0 && page === 1 ? (
          <p>{EMPTY[when]}</p>
        ) : (
          <>
            <ul className="appointments" aria-label={title}>
              {shown.map((appointment) => (
                <PatientAppointment key={appointment.id} appointment={appointment} />
              ))}
            </ul>
            <Pagination
              label={`${title} pages`}
              page={page}
              count={appointments.data.count}
              pageSize={PAGE_SIZE}
              onPageChange={setPage}
            />
          </>
        ))}
    </section>
  );
}
