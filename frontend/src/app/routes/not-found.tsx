import { Link } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';

export function NotFoundRoute() {
  return (
    <ContentLayout title="Page not found">
      <p>There is no page at this address.</p>
      <Link to={paths.home.getHref()}>Go to the home page</Link>
    </ContentLayout>
  );
}
