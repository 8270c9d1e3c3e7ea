import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { saveBlob } from '@/lib/download';

/** One appointment as an iCalendar file (the API needs the session's token, so no plain link). */
export function downloadAppointmentIcs(id: number): Promise<Blob> {
  return api.blob(`/appointments/${String(id)}/ics/`);
}

export function useDownloadAppointmentIcs(id: number) {
  return useMutation({
    mutationFn: async () => {
      saveBlob(await downloadAppointmentIcs(id), `appointment-${String(id)}.ics`);
    },
  });
}
