import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { PageFrame } from '@/components/layouts/page-frame';
import { paths } from '@/config/paths';

export function NotFoundRoute() {
  return (
    <PageFrame>
      <ContentLayout title="Page not found">
        <p>There is no page at this address.</p>
        <Link to={paths.home.getHref()}>Go to the home page</Link>
      </ContentLayout>
    </PageFrame>
  );
}
