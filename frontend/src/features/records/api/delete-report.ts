import { useMutation, useQueryClient } from '@tanstack/react-query';

import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { api } from '@/lib/api-client';

/** A soft delete: the report leaves every list, but the API keeps the row and the file. */
export function deleteReport(id: number): Promise<void> {
  return api.delete(`/reports/${String(id)}/`);
}

export function useDeleteReport(id: number, { onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteReport(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: RECORDS_QUERY_KEY });
      onSuccess?.();
    },
  });
}
