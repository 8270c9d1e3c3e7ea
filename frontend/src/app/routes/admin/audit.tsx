import { ContentLayout } from '@/components/layouts/content-layout';
import { AuditLog } from '@/features/audit/components/audit-log';

export function AdminAuditRoute() {
  return (
    <ContentLayout title="Audit log">
      <AuditLog />
    </ContentLayout>
  );
}
