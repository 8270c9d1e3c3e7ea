import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  APPOINTMENTS_QUERY_KEY,
  type Appointment,
} from '@/features/scheduling/api/get-appointments';
import { api } from '@/lib/api-client';

/** Staff record that the patient is at the clinic (from the day of the visit on). */
export function markArrived(id: number): Promise<Appointment> {
  return api.post<Appointment>(`/appointments/${String(id)}/arrive/`);
}

/** Take back an arrival recorded by mistake. */
export function undoArrival(id: number): Promise<Appointment> {
  return api.delete<Appointment>(`/appointments/${String(id)}/arrive/`);
}

/** `arrived`: true marks the patient arrived, false takes it back. */
export function useMarkArrived(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (arrived: boolean) => (arrived ? markArrived(id) : undoArrival(id)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: APPOINTMENTS_QUERY_KEY });
    },
  });
}
