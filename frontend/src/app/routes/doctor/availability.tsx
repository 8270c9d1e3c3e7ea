import { ContentLayout } from '@/components/layouts/content-layout';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useMe } from '@/features/auth/api/get-me';
import { useAvailability } from '@/features/scheduling/api/get-availability';
import { AvailabilityEditor } from '@/features/scheduling/components/availability-editor';

function Editor({ doctorId }: { doctorId: number }) {
  const availability = useAvailability(doctorId);
  if (availability.isPending) {
    return <Loading label="Loading your availability…" />;
  }
  if (availability.isError) {
    return <ErrorMessage error={availability.error} action="load your availability" />;
  }
  return <AvailabilityEditor doctorId={doctorId} availability={availability.data} />;
}

export function DoctorAvailabilityRoute() {
  const me = useMe();
  return (
    <ContentLayout title="Availability">
      <p>Patients can book the free slots inside these hours. Booked appointments always stay.</p>
      {me.isSuccess && <Editor doctorId={me.data.id} />}
    </ContentLayout>
  );
}
