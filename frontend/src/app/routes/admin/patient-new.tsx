import { useNavigate } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { CreatePatientForm } from '@/features/patients/components/patient-form';

export function AdminNewPatientRoute() {
  const navigate = useNavigate();
  return (
    <ContentLayout title="Add a patient">
      <CreatePatientForm
        onCreated={(patient) => {
          void navigate(paths.admin.patient.getHref(patient.id), { state: { created: true } });
        }}
      />
    </ContentLayout>
  );
}
