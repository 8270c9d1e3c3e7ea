import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type PasswordResetRequestInput = Schemas['PasswordResetRequestInputRequest'];
export type PasswordResetRequested = Schemas['PasswordResetRequestedOutput'];

/** The API answers alike whether or not an account has the address: it tells no one who is registered. */
export function requestPasswordReset(
  input: PasswordResetRequestInput,
): Promise<PasswordResetRequested> {
  return api.post<PasswordResetRequested>('/auth/password-reset/', input, { auth: false });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
