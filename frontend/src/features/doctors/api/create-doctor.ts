import { useMutation, useQueryClient } from '@tanstack/react-query';

import { DOCTORS_QUERY_KEY, type Doctor } from '@/features/doctors/api/get-doctors';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type DoctorCreateInput = Schemas['DoctorCreateInputRequest'];

export function createDoctor(input: DoctorCreateInput): Promise<Doctor> {
  return api.post<Doctor>('/doctors/', input);
}

export function useCreateDoctor({ onSuccess }: { onSuccess?: (doctor: Doctor) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createDoctor,
    onSuccess: async (doctor) => {
      await queryClient.invalidateQueries({ queryKey: DOCTORS_QUERY_KEY });
      onSuccess?.(doctor);
    },
  });
}
