import { useMutation, useQueryClient } from '@tanstack/react-query';

import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type MedicationCreateInput = Schemas['MedicationCreateInputRequest'];
export type MedicationDetail = Schemas['MedicationDetailOutput'];

/** A doctor prescribes for one of their patients; they become the prescriber. */
export function createMedication(input: MedicationCreateInput): Promise<MedicationDetail> {
  return api.post<MedicationDetail>('/medications/', input);
}

export function useCreateMedication({ onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createMedication,
    onSuccess: async () => {
      // The medication also appears in the patient's history.
      await queryClient.invalidateQueries({ queryKey: RECORDS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
