import { type ReactNode, useState } from 'react';
import { Link, NavLink, useLocation } from 'react-router';

import { PageFrame } from '@/components/layouts/page-frame';

export type NavItem = { to: string; label: string; end?: boolean };

type AppShellProps = {
  /** Where the brand link goes: the role's home. */
  homeHref: string;
  /** E.g. "Patient portal". */
  area: string;
  userName: string;
  navigation: readonly NavItem[];
  signOutHref: string;
  /** Links beside the user's name, e.g. notifications with their unread badge. */
  userLinks?: ReactNode;
  /**
   * Shown on the menu button (narrow screens), where the folded navigation would hide it: the
   * unread notifications badge.
   */
  menuBadge?: ReactNode;
  children: ReactNode;
};

/** The header with the role's navigation (a menu button under 720px) around a signed-in page. */
export function AppShell({
  homeHref,
  area,
  userName,
  navigation,
  signOutHref,
  userLinks,
  menuBadge,
  children,
}: AppShellProps) {
  const location = useLocation();
  // The menu (narrow screens) is open for one page: following a link closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const menuOpen = openOn === location.pathname;

  const header = (
    <header className="app-header">
      <div className="app-header-bar">
        <Link to={homeHref} className="brand">
          Patient Tracker <span className="brand-area">{area}</span>
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="primary-navigation"
          onClick={() => {
            setOpenOn(menuOpen ? null : location.pathname);
          }}
        >
          Menu
          {menuBadge}
        </button>
      </div>
      <nav
        id="primary-navigation"
        aria-label="Main"
        className={menuOpen ? 'app-nav app-nav-open' : 'app-nav'}
      >
        <ul>
          {navigation.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end ?? false}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="app-user">
          <span className="muted">Signed in as {userName}</span>
          {userLinks}
          <Link to={signOutHref}>Sign out</Link>
        </div>
      </nav>
    </header>
  );

  return <PageFrame header={header}>{children}</PageFrame>;
}
