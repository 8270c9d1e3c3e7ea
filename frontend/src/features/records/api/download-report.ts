import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { saveBlob } from '@/lib/download';

/** The decrypted file, through the authorised (and audited) download endpoint. */
export function downloadReport(id: number): Promise<Blob> {
  return api.blob(`/reports/${String(id)}/file/`);
}

export function useDownloadReport() {
  return useMutation({
    mutationFn: async ({ id, filename }: { id: number; filename: string }) => {
      saveBlob(await downloadReport(id), filename);
    },
  });
}
