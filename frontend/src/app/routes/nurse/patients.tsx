import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { PatientsTable } from '@/features/patients/components/patients-table';

export function NursePatientsRoute() {
  return (
    <ContentLayout title="Patients">
      <PatientsTable detailHref={paths.nurse.chart.getHref} />
    </ContentLayout>
  );
}
