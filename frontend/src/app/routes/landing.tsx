import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { PageFrame } from '@/components/layouts/page-frame';
import { paths } from '@/config/paths';
import { HealthStatus } from '@/features/health/components/health-status';
import { useSession } from '@/lib/session';

export function LandingRoute() {
  const { signedIn } = useSession();
  return (
    <PageFrame>
      <div className="narrow">
        <ContentLayout title="Patient Tracker">
          <p>
            Appointments, medical records and medications for the clinic&apos;s patients and staff.
          </p>
          {signedIn ? (
            <p>
              <Link className="button" to={paths.dashboard.getHref()}>
                Go to your dashboard
              </Link>
            </p>
          ) : (
            <p className="button-row">
              <Link className="button" to={paths.auth.signIn.getHref()}>
                Sign in
              </Link>
              <Link className="button button-secondary" to={paths.auth.register.getHref()}>
                Register as a patient
              </Link>
            </p>
          )}
          <HealthStatus />
        </ContentLayout>
      </div>
    </PageFrame>
  );
}
