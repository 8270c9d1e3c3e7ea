import { useMutation, useQueryClient } from '@tanstack/react-query';

import { PATIENTS_QUERY_KEY, type Patient } from '@/features/patients/api/get-patients';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type PatientUpdateInput = Schemas['PatchedPatientUpdateInputRequest'];

export function updatePatient(id: number, input: PatientUpdateInput): Promise<Patient> {
  return api.patch<Patient>(`/patients/${String(id)}/`, input);
}

export function useUpdatePatient(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PatientUpdateInput) => updatePatient(id, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PATIENTS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
