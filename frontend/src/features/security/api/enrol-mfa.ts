import { useMutation, useQueryClient } from '@tanstack/react-query';

import { MFA_QUERY_KEY } from '@/features/security/api/get-mfa-status';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type Enrolment = Schemas['EnrolmentOutput'];

/** Starts (or restarts) setting up an authenticator; confirm it with a code. */
export function enrolMfa(): Promise<Enrolment> {
  return api.post<Enrolment>('/me/mfa/enrol/');
}

export function useEnrolMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: enrolMfa,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: MFA_QUERY_KEY });
    },
  });
}
