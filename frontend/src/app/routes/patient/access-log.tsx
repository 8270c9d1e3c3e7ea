import { ContentLayout } from '@/components/layouts/content-layout';
import { AccessLog } from '@/features/records/components/access-log';

export function PatientAccessLogRoute() {
  return (
    <ContentLayout title="Who accessed my record">
      <p>
        Every time someone else reads or changes your record, it is listed here: one line per person
        and day. Lists of patients that show only your name and contact details are not listed.
      </p>
      <AccessLog />
    </ContentLayout>
  );
}
