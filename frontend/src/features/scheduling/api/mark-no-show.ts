import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  APPOINTMENTS_QUERY_KEY,
  type Appointment,
} from '@/features/scheduling/api/get-appointments';
import { api } from '@/lib/api-client';

export function markNoShow(id: number): Promise<Appointment> {
  return api.post<Appointment>(`/appointments/${String(id)}/no-show/`);
}

export function useMarkNoShow(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => markNoShow(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: APPOINTMENTS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
