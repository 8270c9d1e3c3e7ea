import { useMutation, useQueryClient } from '@tanstack/react-query';

import { getMeQueryOptions, type Me } from '@/features/auth/api/get-me';
import { isMfaChallenge, signIn } from '@/features/auth/api/sign-in';
import { api, ApiError } from '@/lib/api-client';
import { session } from '@/lib/session';
import type { Schemas } from '@/types/api';

export type RegisterInput = Schemas['RegisterInputRequest'];
export type RegistrationAccepted = Schemas['RegistrationAcceptedOutput'];

/** Signed in to the new account; or no account was made (the address had one, whose owner is e-mailed). */
export type RegisterResult = { kind: 'signed-in'; me: Me } | { kind: 'not-created' };

export function register(input: RegisterInput): Promise<RegistrationAccepted> {
  return api.post<RegistrationAccepted>('/auth/register/', input, { auth: false });
}

/** Registers a patient, then signs them in with the same credentials. */
export function useRegister({ onSuccess }: { onSuccess?: (result: RegisterResult) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: RegisterInput): Promise<RegisterResult> => {
      await register(input);
      let answer;
      try {
        answer = await signIn({ username: input.username, password: input.password });
      } catch (error) {
        // The API answers alike whether or not the e-mail address had an account, so that it
        // tells no one who is registered: only signing in shows whether this account was made.
        if (error instanceof ApiError && error.status === 401) {
          return { kind: 'not-created' };
        }
        throw error;
      }
      if (isMfaChallenge(answer)) {
        // Patients have no second factor; should the clinic ever ask for one, sign in instead.
        throw new Error('A second factor is needed: please sign in.');
      }
      queryClient.clear();
      session.start(answer);
      return { kind: 'signed-in', me: await queryClient.query(getMeQueryOptions()) };
    },
    onSuccess,
  });
}
