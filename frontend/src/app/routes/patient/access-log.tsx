import { ContentLayout } from '@/components/layouts/content-layout';
import { AccessLog } from '@/features/records/components/access-log';

export function PatientAccessLogRoute() {
  return (
    <ContentLayout title="Who accessed my record">
      <p>Every time someone at the clinic reads or changes your record, it is listed here.</p>
      <AccessLog />
    </ContentLayout>
  );
}
