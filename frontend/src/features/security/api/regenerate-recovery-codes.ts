import { useMutation, useQueryClient } from '@tanstack/react-query';

import { MFA_QUERY_KEY } from '@/features/security/api/get-mfa-status';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

/** Replaces every recovery code by a fresh set, shown only now. */
export function regenerateRecoveryCodes(code: string): Promise<Schemas['RecoveryCodesOutput']> {
  return api.post<Schemas['RecoveryCodesOutput']>('/me/mfa/recovery-codes/', { code });
}

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: MFA_QUERY_KEY });
    },
  });
}
