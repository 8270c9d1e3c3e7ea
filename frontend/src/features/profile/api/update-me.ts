import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type MeUpdateInput = Schemas['PatchedMeUpdateInputRequest'];
export type Me = Schemas['MeOutput'];

/** The signed-in user's query key, owned by the auth feature; kept in step here. */
const ME_QUERY_KEY = ['me'] as const;

export function updateMe(input: MeUpdateInput): Promise<Me> {
  return api.patch<Me>('/me/', input);
}

export function useUpdateMe({ onSuccess }: { onSuccess?: (me: Me) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => {
      queryClient.setQueryData(ME_QUERY_KEY, me);
      onSuccess?.(me);
    },
  });
}
