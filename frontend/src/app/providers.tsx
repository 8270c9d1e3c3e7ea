import { type QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';

import { ServiceRecovery } from '@/features/health/components/service-recovery';
import { createQueryClient, refreshAfterOwnActions } from '@/lib/query-client';
import { session } from '@/lib/session';

/** When the session ends (sign-out, refused refresh, another tab), nothing of it stays cached. */
function ForgetDataOnSessionEnd() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      session.subscribe(() => {
        if (!session.getSnapshot().signedIn) {
          queryClient.clear();
        }
      }),
    [queryClient],
  );
  return null;
}

/** The unread count and the like follow the user's own actions at once (see REFRESH_AFTER_OWN_ACTIONS). */
function RefreshAfterOwnActions() {
  const queryClient = useQueryClient();
  useEffect(() => refreshAfterOwnActions(queryClient), [queryClient]);
  return null;
}

type AppProviderProps = {
  children: ReactNode;
  /** Tests pass their own client; the app creates one per mount. */
  queryClient?: QueryClient;
};

export function AppProvider({ children, queryClient }: AppProviderProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());

  return (
    <QueryClientProvider client={client}>
      <ForgetDataOnSessionEnd />
      <RefreshAfterOwnActions />
      <ServiceRecovery />
      {children}
    </QueryClientProvider>
  );
}
