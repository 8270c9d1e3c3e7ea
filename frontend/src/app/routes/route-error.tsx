import { isRouteErrorResponse, useRouteError } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { PageFrame } from '@/components/layouts/page-frame';

/** A page that failed to load (often a new deploy replaced its code): offer a reload. */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <PageFrame>
      <ContentLayout title={notFound ? 'Page not found' : 'This page could not be shown'}>
        <p role="alert">
          {notFound
            ? 'There is no page at this address.'
            : 'Something went wrong while loading this page. Reloading usually helps.'}
        </p>
        <button
          type="button"
          className="button"
          onClick={() => {
            window.location.reload();
          }}
        >
          Reload the page
        </button>
      </ContentLayout>
    </PageFrame>
  );
}
