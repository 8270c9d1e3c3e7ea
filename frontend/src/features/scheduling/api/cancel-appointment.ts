import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  APPOINTMENTS_QUERY_KEY,
  type Appointment,
} from '@/features/scheduling/api/get-appointments';
import { SLOTS_QUERY_KEY } from '@/features/scheduling/api/get-doctor-slots';
import { api } from '@/lib/api-client';

export function cancelAppointment(id: number, reason: string): Promise<Appointment> {
  return api.post<Appointment>(`/appointments/${String(id)}/cancel/`, { reason });
}

export function useCancelAppointment(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => cancelAppointment(id, reason),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: SLOTS_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: APPOINTMENTS_QUERY_KEY }),
      ]);
      onSuccess?.();
    },
  });
}
