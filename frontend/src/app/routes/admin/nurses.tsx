import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { NursesTable } from '@/features/nurses/components/nurses-table';

export function AdminNursesRoute() {
  return (
    <ContentLayout
      title="Nurses"
      actions={
        <Link className="button" to={paths.admin.newNurse.getHref()}>
          Add a nurse
        </Link>
      }
    >
      <NursesTable editHref={paths.admin.nurse.getHref} />
    </ContentLayout>
  );
}
