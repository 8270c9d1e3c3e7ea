import { useMutation, useQueryClient } from '@tanstack/react-query';

import { getMeQueryOptions, type Me } from '@/features/auth/api/get-me';
import { isMfaChallenge, signIn } from '@/features/auth/api/sign-in';
import { api } from '@/lib/api-client';
import { session } from '@/lib/session';
import type { Schemas } from '@/types/api';

export type RegisterInput = Schemas['RegisterInputRequest'];

export function register(input: RegisterInput): Promise<Me> {
  return api.post<Me>('/auth/register/', input, { auth: false });
}

/** Registers a patient, then signs them in with the same credentials. */
export function useRegister({ onSuccess }: { onSuccess?: (me: Me) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: RegisterInput) => {
      await register(input);
      const answer = await signIn({ username: input.username, password: input.password });
      if (isMfaChallenge(answer)) {
        // Patients have no second factor; should the clinic ever ask for one, sign in instead.
        throw new Error('A second factor is needed: please sign in.');
      }
      queryClient.clear();
      session.start(answer);
      return queryClient.query(getMeQueryOptions());
    },
    onSuccess,
  });
}
