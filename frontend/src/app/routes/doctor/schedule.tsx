import { ContentLayout } from '@/components/layouts/content-layout';
import { DoctorSchedule } from '@/features/scheduling/components/doctor-schedule';

export function DoctorScheduleRoute() {
  return (
    <ContentLayout title="Schedule">
      <DoctorSchedule />
    </ContentLayout>
  );
}
