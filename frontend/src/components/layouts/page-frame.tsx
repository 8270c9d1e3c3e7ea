import { type ReactNode } from 'react';

/** The skip link and the one <main> landmark around every page. */
export function PageFrame({ header, children }: { header?: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      {header}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
