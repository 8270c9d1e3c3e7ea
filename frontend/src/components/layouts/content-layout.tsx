import type { ReactNode } from 'react';

const APP_NAME = 'Patient Tracker';

type ContentLayoutProps = {
  title: string;
  children: ReactNode;
};

export function ContentLayout({ title, children }: ContentLayoutProps) {
  const documentTitle = title === APP_NAME ? APP_NAME : `${title} · ${APP_NAME}`;

  return (
    <main>
      <title>{documentTitle}</title>
      <h1>{title}</h1>
      {children}
    </main>
  );
}
