import { useMutation, useQueryClient } from '@tanstack/react-query';

import { NURSES_QUERY_KEY, type Nurse } from '@/features/nurses/api/get-nurses';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type NurseCreateInput = Schemas['NewAccountInputRequest'];

export function createNurse(input: NurseCreateInput): Promise<Nurse> {
  return api.post<Nurse>('/nurses/', input);
}

export function useCreateNurse({ onSuccess }: { onSuccess?: (nurse: Nurse) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createNurse,
    onSuccess: async (nurse) => {
      await queryClient.invalidateQueries({ queryKey: NURSES_QUERY_KEY });
      onSuccess?.(nurse);
    },
  });
}
