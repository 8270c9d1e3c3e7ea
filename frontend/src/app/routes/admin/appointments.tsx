import { ContentLayout } from '@/components/layouts/content-layout';
import { useDoctors } from '@/features/doctors/api/get-doctors';
import { DoctorSchedule } from '@/features/scheduling/components/doctor-schedule';

export function AdminAppointmentsRoute() {
  const doctors = useDoctors({ page_size: 100 });
  return (
    <ContentLayout title="Appointments">
      <DoctorSchedule doctors={doctors.data?.results ?? []} />
    </ContentLayout>
  );
}
