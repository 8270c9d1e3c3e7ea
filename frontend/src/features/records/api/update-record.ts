import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { RecordEntry } from '@/features/records/api/get-records';
import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { ApiError, api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type RecordUpdateInput = Schemas['PatchedRecordEntryUpdateInputRequest'];

/** Edits an entry; the API keeps the text before the edit as a revision. */
export function updateRecord(id: number, input: RecordUpdateInput): Promise<RecordEntry> {
  return api.patch<RecordEntry>(`/records/${String(id)}/`, input);
}

export function useUpdateRecord(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordUpdateInput) => updateRecord(id, input),
    onSuccess: async () => {
      // Revisions live under the same key, so the earlier versions are fetched afresh too.
      await queryClient.invalidateQueries({ queryKey: RECORDS_QUERY_KEY });
      onSuccess?.();
    },
    onError: async (error) => {
      // A stale edit: fetch the current text, so cancelling the edit shows it.
      if (error instanceof ApiError && error.status === 409) {
        await queryClient.invalidateQueries({ queryKey: RECORDS_QUERY_KEY });
      }
    },
  });
}
