import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  APPOINTMENTS_QUERY_KEY,
  type Appointment,
} from '@/features/scheduling/api/get-appointments';
import { api } from '@/lib/api-client';

/** The doctor documents the visit; the notes are stored encrypted. */
export function completeAppointment(id: number, consultationNotes: string): Promise<Appointment> {
  return api.post<Appointment>(`/appointments/${String(id)}/complete/`, {
    consultation_notes: consultationNotes,
  });
}

export function useCompleteAppointment(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (notes: string) => completeAppointment(id, notes),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: APPOINTMENTS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
