import { useMutation, useQueryClient } from '@tanstack/react-query';

import { PATIENTS_QUERY_KEY, type Patient } from '@/features/patients/api/get-patients';
import { api } from '@/lib/api-client';

/** Sets the patient's primary doctor; `null` clears it. */
export function assignDoctor(patientId: number, doctor: number | null): Promise<Patient> {
  return api.post<Patient>(`/patients/${String(patientId)}/assign-doctor/`, { doctor });
}

export function useAssignDoctor(patientId: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (doctor: number | null) => assignDoctor(patientId, doctor),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PATIENTS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
