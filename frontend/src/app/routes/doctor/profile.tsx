import { ContentLayout } from '@/components/layouts/content-layout';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useMe } from '@/features/auth/api/get-me';
import { DoctorProfileForm } from '@/features/profile/components/doctor-profile-form';

export function DoctorProfileRoute() {
  const me = useMe();
  return (
    <ContentLayout title="My profile">
      {me.isPending && <Loading />}
      {me.isError && <ErrorMessage error={me.error} action="load your profile" />}
      {me.isSuccess && <DoctorProfileForm me={me.data} />}
    </ContentLayout>
  );
}
