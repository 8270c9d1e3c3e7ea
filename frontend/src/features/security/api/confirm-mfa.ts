import { useMutation, useQueryClient } from '@tanstack/react-query';

import { MFA_QUERY_KEY } from '@/features/security/api/get-mfa-status';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type RecoveryCodes = Schemas['RecoveryCodesOutput'];

/** The first code of the new authenticator turns the second factor on. */
export function confirmMfa(code: string): Promise<RecoveryCodes> {
  return api.post<RecoveryCodes>('/me/mfa/confirm/', { code });
}

export function useConfirmMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmMfa,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: MFA_QUERY_KEY });
    },
  });
}
