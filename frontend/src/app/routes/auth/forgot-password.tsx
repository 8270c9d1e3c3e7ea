import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { PageFrame } from '@/components/layouts/page-frame';
import { paths } from '@/config/paths';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';

export function ForgotPasswordRoute() {
  return (
    <PageFrame>
      <div className="narrow">
        <ContentLayout title="Forgot your password?">
          <ForgotPasswordForm />
          <p>
            Remembered it? <Link to={paths.auth.signIn.getHref()}>Sign in</Link>
          </p>
        </ContentLayout>
      </div>
    </PageFrame>
  );
}
