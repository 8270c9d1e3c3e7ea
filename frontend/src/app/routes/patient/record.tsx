import { ContentLayout } from '@/components/layouts/content-layout';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useMe } from '@/features/auth/api/get-me';
import { MedicationsList } from '@/features/records/components/medications-list';
import { ReportsList } from '@/features/records/components/reports-list';
import { Timeline } from '@/features/records/components/timeline';

export function PatientRecordRoute() {
  const me = useMe();
  return (
    <ContentLayout title="My health record">
      {me.isPending && <Loading />}
      {me.isError && <ErrorMessage error={me.error} action="load your record" />}
      {me.isSuccess && (
        <div className="stack">
          <MedicationsList patientId={me.data.id} />
          <ReportsList patientId={me.data.id} />
          <Timeline patientId={me.data.id} />
        </div>
      )}
    </ContentLayout>
  );
}
