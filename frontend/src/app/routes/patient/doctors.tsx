import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { DoctorDirectory } from '@/features/doctors/components/doctor-directory';

export function PatientDoctorsRoute() {
  return (
    <ContentLayout title="Find a doctor">
      <DoctorDirectory
        actions={(doctor) => (
          <p>
            <Link to={paths.patient.book.getHref(doctor.id)}>Book with {doctor.full_name}</Link>
          </p>
        )}
      />
    </ContentLayout>
  );
}
