import { useNavigate } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { CreateDoctorForm } from '@/features/doctors/components/doctor-form';

export function AdminNewDoctorRoute() {
  const navigate = useNavigate();
  return (
    <ContentLayout title="Add a doctor">
      <CreateDoctorForm
        onCreated={(doctor) => {
          void navigate(paths.admin.doctor.getHref(doctor.id), { state: { created: true } });
        }}
      />
    </ContentLayout>
  );
}
