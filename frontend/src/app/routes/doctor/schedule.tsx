import { ContentLayout } from '@/components/layouts/content-layout';
import { CalendarFeedPanel } from '@/features/scheduling/components/calendar-feed-panel';
import { DoctorSchedule } from '@/features/scheduling/components/doctor-schedule';

export function DoctorScheduleRoute() {
  return (
    <ContentLayout title="Schedule">
      <DoctorSchedule />
      <CalendarFeedPanel audience="doctor" />
    </ContentLayout>
  );
}
