import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { useMe } from '@/features/auth/api/get-me';

export function PatientOverviewRoute() {
  const me = useMe();
  const doctor = me.data?.patient_profile?.primary_doctor;
  return (
    <ContentLayout title={`Welcome, ${me.data?.first_name ?? ''}`.trim()}>
      <div className="cards">
        <section className="card" aria-labelledby="appointments-card">
          <h2 id="appointments-card">Appointments</h2>
          <p>See, move or cancel your appointments, or book a new one.</p>
          <p className="button-row">
            <Link to={paths.patient.appointments.getHref()}>My appointments</Link>
            <Link to={paths.patient.book.getHref()}>Book an appointment</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="record-card">
          <h2 id="record-card">Your health record</h2>
          <p>Your history, medications and reports.</p>
          <Link to={paths.patient.record.getHref()}>Open your record</Link>
        </section>
        <section className="card" aria-labelledby="primary-doctor">
          <h2 id="primary-doctor">Your doctor</h2>
          <p>
            {doctor
              ? `${doctor.full_name}, ${doctor.specialty}`
              : 'You have no primary doctor yet; the clinic assigns one.'}
          </p>
          <Link to={paths.patient.doctors.getHref()}>Find a doctor</Link>
        </section>
        <section className="card" aria-labelledby="profile-card">
          <h2 id="profile-card">Your profile</h2>
          <p>Keep your contact details, emergency contacts and reminder preferences current.</p>
          <Link to={paths.patient.profile.getHref()}>Edit your profile</Link>
        </section>
      </div>
    </ContentLayout>
  );
}
