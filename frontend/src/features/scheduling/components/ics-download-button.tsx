import { ErrorMessage } from '@/components/ui/error-message';
import { useDownloadAppointmentIcs } from '@/features/scheduling/api/download-appointment-ics';

/** Saves one appointment as an .ics file, to add to a calendar by hand. */
export function IcsDownloadButton({
  appointmentId,
  label,
}: {
  appointmentId: number;
  label: string;
}) {
  const download = useDownloadAppointmentIcs(appointmentId);
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        aria-label={`Add ${label} to my calendar (.ics)`}
        disabled={download.isPending}
        onClick={() => {
          download.mutate();
        }}
      >
        Add to calendar (.ics)
      </button>
      {download.error && (
        <ErrorMessage error={download.error} action="download the calendar file" />
      )}
    </>
  );
}
