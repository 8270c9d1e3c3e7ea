import { Link, useNavigate, useSearchParams } from 'react-router';

import { PageFrame } from '@/components/layouts/page-frame';
import { ContentLayout } from '@/components/layouts/content-layout';
import { paths, safeNext } from '@/config/paths';
import { SignInForm } from '@/features/auth/components/sign-in-form';

function notice(reason: string | null, next: string | null): string | null {
  if (reason === 'expired') {
    return 'Your session has ended. Please sign in again to continue.';
  }
  if (reason === 'signed_out') {
    return 'You have signed out.';
  }
  if (reason === 'password_reset') {
    return 'Your password has been changed and every session signed out. Sign in with the new password.';
  }
  if (reason === 'registered') {
    return 'Your account is ready. Please sign in.';
  }
  return next ? 'Please sign in to continue.' : null;
}

export function SignInRoute() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const message = notice(params.get('reason'), next);

  return (
    <PageFrame>
      <div className="narrow">
        <ContentLayout title="Sign in">
          {message && (
            <p role="status" className="alert alert-info">
              {message}
            </p>
          )}
          <SignInForm
            onSignedIn={(me) => {
              void navigate(next ?? paths.role.getHref(me.role), { replace: true });
            }}
          />
          <p>
            <Link to={paths.auth.forgotPassword.getHref()}>Forgot password?</Link>
          </p>
          <p>
            New patient? <Link to={paths.auth.register.getHref()}>Create an account</Link>
          </p>
        </ContentLayout>
      </div>
    </PageFrame>
  );
}
