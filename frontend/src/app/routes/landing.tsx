import { ContentLayout } from '@/components/layouts/content-layout';
import { HealthStatus } from '@/features/health/components/health-status';

export function LandingRoute() {
  return (
    <ContentLayout title="Patient Tracker">
      <p>Appointments, medical records and medications for the clinic&apos;s patients and staff.</p>
      <HealthStatus />
    </ContentLayout>
  );
}
