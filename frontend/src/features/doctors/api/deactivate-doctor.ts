import { useMutation, useQueryClient } from '@tanstack/react-query';

import { DOCTORS_QUERY_KEY } from '@/features/doctors/api/get-doctors';
import { api } from '@/lib/api-client';

/** Deactivates (never deletes); the API answers 409 while the doctor has future bookings. */
export function deactivateDoctor(id: number): Promise<void> {
  return api.delete(`/doctors/${String(id)}/`);
}

export function useDeactivateDoctor(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deactivateDoctor(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: DOCTORS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
