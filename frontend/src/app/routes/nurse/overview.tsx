import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { ErrorMessage } from '@/components/ui/error-message';
import { paths } from '@/config/paths';
import { useMe } from '@/features/auth/api/get-me';
import { useDoctors } from '@/features/doctors/api/get-doctors';
import { ClinicDay } from '@/features/scheduling/components/clinic-day';

/** The nurse's home is the clinic's day across doctors; booking for a patient starts from it. */
export function NurseOverviewRoute() {
  const me = useMe();
  const doctors = useDoctors({ is_active: true, page_size: 100 });
  return (
    <ContentLayout title={`Welcome, ${me.data?.first_name ?? ''}`.trim()}>
      {doctors.isError && <ErrorMessage error={doctors.error} action="load the doctors" />}
      <ClinicDay
        doctors={doctors.data?.results ?? []}
        patientHref={paths.nurse.chart.getHref}
        bookHref={paths.nurse.book.getHref}
        findPatientHref={paths.nurse.patients.getHref()}
      />
      <section className="card" aria-labelledby="patients-card">
        <h2 id="patients-card">Patients</h2>
        <p>Find any active patient of the clinic.</p>
        <Link to={paths.nurse.patients.getHref()}>Search patients</Link>
      </section>
    </ContentLayout>
  );
}
