import { useMutation, useQueryClient } from '@tanstack/react-query';

import { NURSES_QUERY_KEY, type Nurse } from '@/features/nurses/api/get-nurses';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type NurseUpdateInput = Schemas['PatchedNameEmailInputRequest'];

export function updateNurse(id: number, input: NurseUpdateInput): Promise<Nurse> {
  return api.patch<Nurse>(`/nurses/${String(id)}/`, input);
}

export function useUpdateNurse(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NurseUpdateInput) => updateNurse(id, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: NURSES_QUERY_KEY });
      onSuccess?.();
    },
  });
}
