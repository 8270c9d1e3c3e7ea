import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type PasswordResetConfirmInput = Schemas['PasswordResetConfirmInputRequest'];

/** The error code of a used, expired or altered link. */
export const RESET_LINK_INVALID = 'reset_link_invalid';

/** Sets the new password; the server ends every session and signs nobody in. */
export function confirmPasswordReset(input: PasswordResetConfirmInput): Promise<void> {
  return api.post<undefined>('/auth/password-reset/confirm/', input, { auth: false });
}

export function useConfirmPasswordReset({ onSuccess }: { onSuccess?: () => void } = {}) {
  return useMutation({ mutationFn: confirmPasswordReset, onSuccess });
}
