import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { session, type TokenPair } from '@/lib/session';
import type { Schemas } from '@/types/api';

export type ChangePasswordInput = Schemas['PasswordChangeInputRequest'];

export function changePassword(input: ChangePasswordInput): Promise<TokenPair> {
  return api.post<TokenPair>('/me/password/', input);
}

/** Changes the password; the server ends every other session and answers a new pair for this one. */
export function useChangePassword({ onSuccess }: { onSuccess?: () => void } = {}) {
  return useMutation({
    mutationFn: async (input: ChangePasswordInput) => {
      session.start(await changePassword(input));
    },
    onSuccess,
  });
}
