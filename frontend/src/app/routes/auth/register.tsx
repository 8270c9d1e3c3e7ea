import { Link, useNavigate } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { PageFrame } from '@/components/layouts/page-frame';
import { paths } from '@/config/paths';
import { RegisterForm } from '@/features/auth/components/register-form';

export function RegisterRoute() {
  const navigate = useNavigate();

  return (
    <PageFrame>
      <div className="narrow">
        <ContentLayout title="Create your patient account">
          <p>
            Staff accounts are created by the clinic&apos;s administrators. Already registered?{' '}
            <Link to={paths.auth.signIn.getHref()}>Sign in</Link>
          </p>
          <RegisterForm
            onRegistered={() => {
              void navigate(paths.patient.profile.getHref(), { replace: true });
            }}
          />
        </ContentLayout>
      </div>
    </PageFrame>
  );
}
