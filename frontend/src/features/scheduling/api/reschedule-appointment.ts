import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  APPOINTMENTS_QUERY_KEY,
  type Appointment,
} from '@/features/scheduling/api/get-appointments';
import { SLOTS_QUERY_KEY } from '@/features/scheduling/api/get-doctor-slots';
import { api } from '@/lib/api-client';

/** Moves the appointment to another free slot of the same doctor, atomically. */
export function rescheduleAppointment(id: number, start: string): Promise<Appointment> {
  return api.patch<Appointment>(`/appointments/${String(id)}/`, { start });
}

export function useRescheduleAppointment(
  id: number,
  { onSuccess }: { onSuccess?: () => void } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (start: string) => rescheduleAppointment(id, start),
    onSuccess: () => {
      onSuccess?.();
    },
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: SLOTS_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: APPOINTMENTS_QUERY_KEY }),
      ]);
    },
  });
}
