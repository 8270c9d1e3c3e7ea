import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { CalendarFeedPanel } from '@/features/scheduling/components/calendar-feed-panel';
import { PatientAppointments } from '@/features/scheduling/components/patient-appointments';

export function PatientAppointmentsRoute() {
  const location = useLocation();
  const navigate = useNavigate();
  const [booked] = useState((location.state as { booked?: boolean } | null)?.booked === true);
  // The next change (a cancellation, a new time) is news of its own: the banner goes for good.
  // Only a change started on this page counts, not the booking that led here.
  const queryClient = useQueryClient();
  const [mutatedSince, setMutatedSince] = useState(false);
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type === 'added') {
          setMutatedSince(true);
        }
      }),
    [queryClient],
  );
  useEffect(() => {
    // Said once: a reload must not say it again, so the history entry forgets it.
    if ((location.state as { booked?: boolean } | null)?.booked === true) {
      void navigate(location.pathname, { replace: true, state: null });
    }
  }, [location.pathname, location.state, navigate]);
  return (
    <ContentLayout
      title="My appointments"
      actions={
        <Link className="button" to={paths.patient.book.getHref()}>
          Book an appointment
        </Link>
      }
    >
      {booked && !mutatedSince && (
        <p role="status" className="alert alert-success">
          Your appointment is booked.
        </p>
      )}
      <PatientAppointments when="upcoming" />
      <PatientAppointments when="cancelled" />
      <PatientAppointments when="past" />
      <CalendarFeedPanel audience="patient" />
    </ContentLayout>
  );
}
