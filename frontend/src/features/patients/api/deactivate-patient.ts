import { useMutation, useQueryClient } from '@tanstack/react-query';

import { PATIENTS_QUERY_KEY } from '@/features/patients/api/get-patients';
import { api } from '@/lib/api-client';

/** Deactivates the account and ends its sessions; nothing clinical is destroyed. */
export function deactivatePatient(id: number): Promise<void> {
  return api.delete(`/patients/${String(id)}/`);
}

export function useDeactivatePatient(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deactivatePatient(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PATIENTS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
