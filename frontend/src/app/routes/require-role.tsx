import { type ReactNode, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';

import { areaNames, navigation } from '@/app/routes/navigation';
import { AppShell } from '@/components/layouts/app-shell';
import { PageFrame } from '@/components/layouts/page-frame';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { type Me, useMe } from '@/features/auth/api/get-me';
import { NotificationsLink } from '@/features/notifications/components/notifications-link';
import { UnreadBadge } from '@/features/notifications/components/unread-badge';
import { useSession } from '@/lib/session';
import type { Role } from '@/types/api';

/** Signed-out visitors go to sign-in (and come back here after); nobody else sees it. */
export function RequireSession({ children }: { children: (me: Me) => ReactNode }) {
  const { signedIn, endReason } = useSession();
  const location = useLocation();
  const me = useMe({ enabled: signedIn });

  if (!signedIn) {
    const params = new URLSearchParams({ next: `${location.pathname}${location.search}` });
    if (endReason === 'expired') {
      params.set('reason', 'expired');
    }
    return <Navigate to={`${paths.auth.signIn.path}?${params.toString()}`} replace />;
  }
  if (me.isPending) {
    return (
      <PageFrame>
        <Loading label="Loading your account…" />
      </PageFrame>
    );
  }
  if (me.isError) {
    return (
      <PageFrame>
        <ErrorMessage error={me.error} action="load your account" />
      </PageFrame>
    );
  }
  return children(me.data);
}

/** The role's tree: its shell and navigation; another role is sent to its own home. */
export function RequireRole({ role }: { role: Role }) {
  return (
    <RequireSession>
      {(me) =>
        me.role !== role ? (
          <Navigate to={paths.role.getHref(me.role)} replace />
        ) : (
          <AppShell
            homeHref={paths.role.getHref(role)}
            area={areaNames[role]}
            userName={me.full_name}
            navigation={navigation[role]}
            signOutHref={paths.auth.signOut.getHref()}
            userLinks={
              role === 'admin' ? undefined : (
                <NotificationsLink to={paths.notifications.getHref(role)} />
              )
            }
            menuBadge={role === 'admin' ? undefined : <UnreadBadge noun="unread notifications" />}
          >
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </AppShell>
        )
      }
    </RequireSession>
  );
}

export function RoleHomeRedirect() {
  return (
    <RequireSession>{(me) => <Navigate to={paths.role.getHref(me.role)} replace />}</RequireSession>
  );
}
