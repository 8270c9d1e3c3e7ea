import { useNavigate } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { CreateNurseForm } from '@/features/nurses/components/nurse-form';

export function AdminNewNurseRoute() {
  const navigate = useNavigate();
  return (
    <ContentLayout title="Add a nurse">
      <CreateNurseForm
        onCreated={(nurse) => {
          void navigate(paths.admin.nurse.getHref(nurse.id), { state: { created: true } });
        }}
      />
    </ContentLayout>
  );
}
