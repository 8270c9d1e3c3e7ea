import { useMutation, useQueryClient } from '@tanstack/react-query';

import { getMeQueryOptions, type Me } from '@/features/auth/api/get-me';
import { api } from '@/lib/api-client';
import { session } from '@/lib/session';
import type { Schemas } from '@/types/api';

export type SignInInput = Schemas['TokenObtainInputRequest'];
export type SignInAnswer = Schemas['SignIn'];
export type MfaChallenge = Schemas['MfaChallengeOutput'];

/** The outcome of the password step: signed in, or a second factor is needed first. */
export type SignInResult = { kind: 'signed-in'; me: Me } | { kind: 'mfa'; challenge: MfaChallenge };

/** Username and password: a token pair, or (staff with a second factor) an MFA challenge. */
export function signIn(input: SignInInput): Promise<SignInAnswer> {
  return api.post<SignInAnswer>('/auth/token/', input, { auth: false });
}

export function isMfaChallenge(answer: SignInAnswer): answer is MfaChallenge {
  return 'mfa_required' in answer;
}

export function useSignIn({ onSuccess }: { onSuccess?: (result: SignInResult) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignInInput): Promise<SignInResult> => {
      const answer = await signIn(input);
      if (isMfaChallenge(answer)) {
        return { kind: 'mfa', challenge: answer };
      }
      queryClient.clear();
      session.start(answer);
      return { kind: 'signed-in', me: await queryClient.query(getMeQueryOptions()) };
    },
    onSuccess,
  });
}
