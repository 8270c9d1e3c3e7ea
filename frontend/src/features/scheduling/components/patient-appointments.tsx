import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { useAppointments } from '@/features/scheduling/api/get-appointments';
import { PatientAppointment } from '@/features/scheduling/components/patient-appointment';
import { clinicDay } from '@/lib/datetime';

const PAGE_SIZE = 10;

/** Upcoming (today on, soonest first) or past (before today, latest first) appointments. */
export function PatientAppointments({ when }: { when: 'upcoming' | 'past' }) {
  const [page, setPage] = useState(1);
  const appointments = useAppointments(
    when === 'upcoming'
      ? { date_from: clinicDay(), ordering: 'start', page, page_size: PAGE_SIZE }
      : { date_to: clinicDay(-1), ordering: '-start', page, page_size: PAGE_SIZE },
  );
  const title = when === 'upcoming' ? 'Upcoming appointments' : 'Past appointments';

  return (
    <section aria-labelledby={`${when}-heading`}>
      <h2 id={`${when}-heading`}>{title}</h2>
      {appointments.isPending && <Loading label="Loading appointments…" />}
      {appointments.isError && (
        <ErrorMessage error={appointments.error} action="load your appointments" />
      )}
      {appointments.isSuccess &&
        (appointments.data.count === 0 ? (
          <p>{when === 'upcoming' ? 'No upcoming appointments.' : 'No past appointments.'}</p>
        ) : (
          <>
            <ul className="appointments" aria-label={title}>
              {appointments.data.results.map((appointment) => (
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
