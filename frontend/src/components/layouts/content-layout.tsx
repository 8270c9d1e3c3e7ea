import { type ReactNode, useEffect, useRef } from 'react';

import { useLocation } from 'react-router';

const APP_NAME = 'Patient Tracker';

type ContentLayoutProps = {
  title: string;
  children: ReactNode;
  /** Shown beside the heading, e.g. an "Add" link. */
  actions?: ReactNode;
};

/** One page: its document title, its h1 (focused after a navigation) and its content. */
export function ContentLayout({ title, children, actions }: ContentLayoutProps) {
  const documentTitle = title === APP_NAME ? APP_NAME : `${title} · ${APP_NAME}`;
  const heading = useRef<HTMLHeadingElement>(null);
  // The first page of a visit has the key 'default'; every later one came by a navigation
  // inside the app, after which the new heading takes the focus, so keyboard and screen-reader
  // users start on the new content instead of on a link that is no longer there.
  const navigated = useLocation().key !== 'default';

  useEffect(() => {
    if (navigated) {
      heading.current?.focus();
    }
  }, [navigated, title]);

  return (
    <div className="page">
      <title>{documentTitle}</title>
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </div>
  );
}
