import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  APPOINTMENTS_QUERY_KEY,
  type Appointment,
} from '@/features/scheduling/api/get-appointments';
import { SLOTS_QUERY_KEY } from '@/features/scheduling/api/get-doctor-slots';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type BookInput = Schemas['AppointmentBookInputRequest'];

/** `idempotencyKey` makes a retry of the same booking safe: the server books it once. */
export function bookAppointment(input: BookInput, idempotencyKey: string): Promise<Appointment> {
  return api.post<Appointment>('/appointments/', input, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function useBookAppointment({
  onSuccess,
}: { onSuccess?: (appointment: Appointment) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: BookInput; idempotencyKey: string }) =>
      bookAppointment(input, idempotencyKey),
    onSuccess: (appointment) => {
      onSuccess?.(appointment);
    },
    // Booked or refused (a 409 "slot taken"), the free slots have changed: fetch them again.
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: SLOTS_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: APPOINTMENTS_QUERY_KEY }),
      ]);
    },
  });
}
