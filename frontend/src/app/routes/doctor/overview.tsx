import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { useMe } from '@/features/auth/api/get-me';
import { DoctorDay } from '@/features/scheduling/components/doctor-day';

/** The doctor's home is their day: today's appointments, the week ahead, then their profile. */
export function DoctorOverviewRoute() {
  const me = useMe();
  const profile = me.data?.doctor_profile;
  return (
    <ContentLayout title={`Welcome, ${me.data?.full_name ?? ''}`.trim()}>
      <DoctorDay
        patientHref={paths.doctor.chart.getHref}
        scheduleHref={paths.doctor.schedule.getHref()}
      />
      <p className="button-row">
        <Link className="button" to={paths.doctor.schedule.getHref()}>
          Full schedule
        </Link>
        <Link className="button button-secondary" to={paths.doctor.availability.getHref()}>
          Edit availability
        </Link>
      </p>
      <section className="card" aria-labelledby="directory-entry">
        <h2 id="directory-entry">Your directory entry</h2>
        <p>
          {profile?.specialty}
          {profile && ` · ${String(profile.default_appointment_minutes)}-minute appointments · `}
          {profile?.accepting_new_patients
            ? 'accepting new patients'
            : 'not accepting new patients'}
        </p>
        <Link to={paths.doctor.profile.getHref()}>Edit your profile</Link>
      </section>
    </ContentLayout>
  );
}
