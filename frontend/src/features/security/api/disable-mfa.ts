import { useMutation, useQueryClient } from '@tanstack/react-query';

import { MFA_QUERY_KEY } from '@/features/security/api/get-mfa-status';
import { api } from '@/lib/api-client';

export function disableMfa(code: string): Promise<void> {
  return api.post<undefined>('/me/mfa/disable/', { code });
}

export function useDisableMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableMfa,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: MFA_QUERY_KEY });
    },
  });
}
