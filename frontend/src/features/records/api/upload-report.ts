import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { Report } from '@/features/records/api/get-reports';
import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { type ProgressHandler, uploadWithProgress } from '@/lib/upload';

export type ReportUpload = { patient: number; title: string; description: string; file: File };

export function uploadReport(input: ReportUpload, onProgress?: ProgressHandler): Promise<Report> {
  const form = new FormData();
  form.set('patient', String(input.patient));
  form.set('title', input.title);
  form.set('description', input.description);
  form.set('file', input.file);
  return uploadWithProgress<Report>('/reports/', form, onProgress);
}

export function useUploadReport({
  onProgress,
  onSuccess,
}: { onProgress?: ProgressHandler; onSuccess?: (report: Report) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReportUpload) => uploadReport(input, onProgress),
    onSuccess: async (report) => {
      await queryClient.invalidateQueries({ queryKey: RECORDS_QUERY_KEY });
      onSuccess?.(report);
    },
  });
}
