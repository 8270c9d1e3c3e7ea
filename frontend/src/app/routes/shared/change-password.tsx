import { ContentLayout } from '@/components/layouts/content-layout';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';

export function ChangePasswordRoute() {
  return (
    <ContentLayout title="Change password">
      <div className="narrow-content">
        <ChangePasswordForm />
      </div>
    </ContentLayout>
  );
}
