import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { PatientsTable } from '@/features/patients/components/patients-table';

export function AdminPatientsRoute() {
  return (
    <ContentLayout
      title="Patients"
      actions={
        <Link className="button" to={paths.admin.newPatient.getHref()}>
          Add a patient
        </Link>
      }
    >
      <PatientsTable detailHref={paths.admin.patient.getHref} />
    </ContentLayout>
  );
}
