import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type Enrolment = Schemas['EnrolmentOutput'];

/** Staff who must use a second factor and have none: the authenticator secret to set up. */
export function enrolMfaAtSignIn(mfaToken: string): Promise<Enrolment> {
  return api.post<Enrolment>('/auth/token/mfa/enrol/', { mfa_token: mfaToken }, { auth: false });
}

export function useEnrolMfaAtSignIn() {
  return useMutation({ mutationFn: enrolMfaAtSignIn });
}
