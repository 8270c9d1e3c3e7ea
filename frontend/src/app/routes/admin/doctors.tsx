import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { DoctorsTable } from '@/features/doctors/components/doctors-table';

export function AdminDoctorsRoute() {
  return (
    <ContentLayout
      title="Doctors"
      actions={
        <Link className="button" to={paths.admin.newDoctor.getHref()}>
          Add a doctor
        </Link>
      }
    >
      <DoctorsTable editHref={paths.admin.doctor.getHref} />
    </ContentLayout>
  );
}
