import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  APPOINTMENTS_QUERY_KEY,
  type Appointment,
} from '@/features/scheduling/api/get-appointments';
import { api } from '@/lib/api-client';

/** The doctor undoes a completion or a no-show while the API allows it (`undo_until`). */
export function reopenAppointment(id: number): Promise<Appointment> {
  return api.post<Appointment>(`/appointments/${String(id)}/reopen/`);
}

export function useReopenAppointment(
  id: number,
  { onSuccess }: { onSuccess?: (appointment: Appointment) => void } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => reopenAppointment(id),
    onSuccess: async (appointment) => {
      await queryClient.invalidateQueries({ queryKey: APPOINTMENTS_QUERY_KEY });
      onSuccess?.(appointment);
    },
  });
}
