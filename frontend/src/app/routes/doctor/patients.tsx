import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { PatientsTable } from '@/features/patients/components/patients-table';

export function DoctorPatientsRoute() {
  return (
    <ContentLayout title="My patients">
      <p>Your patients: those you are the primary doctor of, or who have seen you.</p>
      <PatientsTable detailHref={paths.doctor.chart.getHref} />
    </ContentLayout>
  );
}
