import { Link, useLocation } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { PatientAppointments } from '@/features/scheduling/components/patient-appointments';

export function PatientAppointmentsRoute() {
  const location = useLocation();
  const booked = (location.state as { booked?: boolean } | null)?.booked === true;
  return (
    <ContentLayout
      title="My appointments"
      actions={
        <Link className="button" to={paths.patient.book.getHref()}>
          Book an appointment
        </Link>
      }
    >
      {booked && (
        <p role="status" className="alert alert-success">
          Your appointment is booked.
        </p>
      )}
      <PatientAppointments when="upcoming" />
      <PatientAppointments when="past" />
    </ContentLayout>
  );
}
