import { useMutation, useQueryClient } from '@tanstack/react-query';

import { DOCTORS_QUERY_KEY, type Doctor } from '@/features/doctors/api/get-doctors';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type DoctorUpdateInput = Schemas['PatchedDoctorUpdateInputRequest'];

export function updateDoctor(id: number, input: DoctorUpdateInput): Promise<Doctor> {
  return api.patch<Doctor>(`/doctors/${String(id)}/`, input);
}

export function useUpdateDoctor(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DoctorUpdateInput) => updateDoctor(id, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: DOCTORS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
