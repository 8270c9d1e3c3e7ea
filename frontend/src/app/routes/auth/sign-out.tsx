import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { PageFrame } from '@/components/layouts/page-frame';
import { Loading } from '@/components/ui/loading';
import { useSignOut } from '@/features/auth/api/sign-out';
import { paths } from '@/config/paths';

export function SignOutRoute() {
  const navigate = useNavigate();
  const signOut = useSignOut();
  const started = useRef(false);

  useEffect(() => {
    // Once, even when React runs effects twice in development.
    if (started.current) {
      return;
    }
    started.current = true;
    signOut.mutate(undefined, {
      onSettled: () => {
        void navigate(`${paths.auth.signIn.getHref()}?reason=signed_out`, { replace: true });
      },
    });
  }, [navigate, signOut]);

  return (
    <PageFrame>
      <ContentLayout title="Signing out">
        <Loading label="Signing you out…" />
      </ContentLayout>
    </PageFrame>
  );
}
