import { useMutation, useQueryClient } from '@tanstack/react-query';

import { getMeQueryOptions, type Me } from '@/features/auth/api/get-me';
import { api } from '@/lib/api-client';
import { session } from '@/lib/session';
import type { Schemas } from '@/types/api';

export type MfaSignInInput = Schemas['MfaSignInInputRequest'];
export type MfaSignInOutput = Schemas['MfaSignInOutput'];

/** The second step: the challenge's token and a code (authenticator or recovery code). */
export function verifyMfa(input: MfaSignInInput): Promise<MfaSignInOutput> {
  return api.post<MfaSignInOutput>('/auth/token/mfa/', input, { auth: false });
}

export function useVerifyMfa({
  onSuccess,
}: { onSuccess?: (result: { me: Me; recoveryCodes: string[] }) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: MfaSignInInput) => {
      const answer = await verifyMfa(input);
      queryClient.clear();
      session.start({ access: answer.access, refresh: answer.refresh });
      const me = await queryClient.query(getMeQueryOptions());
      return { me, recoveryCodes: answer.recovery_codes ?? [] };
    },
    onSuccess,
  });
}
