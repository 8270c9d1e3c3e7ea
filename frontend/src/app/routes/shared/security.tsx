import { ContentLayout } from '@/components/layouts/content-layout';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { TwoFactorSettings } from '@/features/security/components/two-factor-settings';

/** Staff: the password and the second factor. */
export function SecurityRoute() {
  return (
    <ContentLayout title="Sign-in and security">
      <div className="stack">
        <section aria-labelledby="password-heading" className="narrow-content">
          <h2 id="password-heading">Password</h2>
          <ChangePasswordForm />
        </section>
        <section aria-labelledby="mfa-heading">
          <h2 id="mfa-heading">Two-step sign-in</h2>
          <TwoFactorSettings />
        </section>
      </div>
    </ContentLayout>
  );
}
