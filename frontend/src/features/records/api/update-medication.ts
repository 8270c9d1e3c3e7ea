import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { MedicationDetail } from '@/features/records/api/create-medication';
import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type MedicationUpdateInput = Schemas['PatchedMedicationUpdateInputRequest'];

/** Changes or ends (`active: false`) a medication; the API keeps every change in its history. */
export function updateMedication(
  id: number,
  input: MedicationUpdateInput,
): Promise<MedicationDetail> {
  return api.patch<MedicationDetail>(`/medications/${String(id)}/`, input);
}

export function useUpdateMedication(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MedicationUpdateInput) => updateMedication(id, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: RECORDS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
