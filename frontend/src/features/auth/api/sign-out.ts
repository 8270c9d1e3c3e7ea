import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, refreshAccessToken } from '@/lib/api-client';
import { session } from '@/lib/session';

/** Spends the refresh token on the server (ending every session of the user). */
export function signOut(refresh: string): Promise<void> {
  return api.post<undefined>('/auth/logout/', { refresh });
}

/** Signs out on the server when it can; forgets the tokens and the cache whatever it answers. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        // After a reload only the refresh token is left: get an access token first, so the
        // token sent to logout is the current one, not one the refresh is about to spend.
        if (session.getAccessToken() === null && session.getRefreshToken() !== null) {
          await refreshAccessToken();
        }
        const refresh = session.getRefreshToken();
        if (refresh !== null) {
          await signOut(refresh);
        }
      } finally {
        session.end('signed_out');
        queryClient.clear();
      }
    },
  });
}
