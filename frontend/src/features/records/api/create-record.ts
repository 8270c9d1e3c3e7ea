import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { RecordEntry } from '@/features/records/api/get-records';
import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type RecordCreateInput = Schemas['RecordEntryCreateInputRequest'];

export function createRecord(input: RecordCreateInput): Promise<RecordEntry> {
  return api.post<RecordEntry>('/records/', input);
}

export function useCreateRecord({ onSuccess }: { onSuccess?: (entry: RecordEntry) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRecord,
    onSuccess: async (entry) => {
      await queryClient.invalidateQueries({ queryKey: RECORDS_QUERY_KEY });
      onSuccess?.(entry);
    },
  });
}
