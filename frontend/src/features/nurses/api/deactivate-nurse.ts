import { useMutation, useQueryClient } from '@tanstack/react-query';

import { NURSES_QUERY_KEY } from '@/features/nurses/api/get-nurses';
import { api } from '@/lib/api-client';

export function deactivateNurse(id: number): Promise<void> {
  return api.delete(`/nurses/${String(id)}/`);
}

export function useDeactivateNurse(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deactivateNurse(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: NURSES_QUERY_KEY });
      onSuccess?.();
    },
  });
}
