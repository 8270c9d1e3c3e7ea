import { Booking } from '@/app/routes/shared/booking';
import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';

export function PatientBookRoute() {
  return (
    <ContentLayout title="Book an appointment">
      <Booking doneHref={paths.patient.appointments.getHref()} />
    </ContentLayout>
  );
}
