import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  AVAILABILITY_QUERY_KEY,
  type Availability,
} from '@/features/scheduling/api/get-availability';
import { SLOTS_QUERY_KEY } from '@/features/scheduling/api/get-doctor-slots';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type AvailabilityInput = Schemas['AvailabilityInputRequest'];

/** Replaces every weekly rule and every exception from today on, atomically. */
export function updateAvailability(
  doctorId: number,
  input: AvailabilityInput,
): Promise<Availability> {
  return api.put<Availability>(`/doctors/${String(doctorId)}/availability/`, input);
}

export function useUpdateAvailability(doctorId: number, { onSuccess }: { onSuccess?: () => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AvailabilityInput) => updateAvailability(doctorId, input),
    onSuccess: async (availability) => {
      queryClient.setQueryData([...AVAILABILITY_QUERY_KEY, doctorId], availability);
      await queryClient.invalidateQueries({ queryKey: SLOTS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
