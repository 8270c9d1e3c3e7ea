import { useMutation, useQueryClient } from '@tanstack/react-query';

import { PATIENTS_QUERY_KEY, type Patient } from '@/features/patients/api/get-patients';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type PatientCreateInput = Schemas['PatientCreateInputRequest'];

export function createPatient(input: PatientCreateInput): Promise<Patient> {
  return api.post<Patient>('/patients/', input);
}

export function useCreatePatient({ onSuccess }: { onSuccess?: (patient: Patient) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPatient,
    onSuccess: async (patient) => {
      await queryClient.invalidateQueries({ queryKey: PATIENTS_QUERY_KEY });
      onSuccess?.(patient);
    },
  });
}
