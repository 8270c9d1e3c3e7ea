import { ContentLayout } from '@/components/layouts/content-layout';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useMe } from '@/features/auth/api/get-me';
import { PatientProfileForm } from '@/features/profile/components/patient-profile-form';

export function PatientProfileRoute() {
  const me = useMe();
  return (
    <ContentLayout title="My profile">
      {me.isPending && <Loading />}
      {me.isError && <ErrorMessage error={me.error} action="load your profile" />}
      {me.isSuccess && <PatientProfileForm me={me.data} />}
    </ContentLayout>
  );
}
