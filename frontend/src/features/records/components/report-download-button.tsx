import { ErrorMessage } from '@/components/ui/error-message';
import { useDownloadReport } from '@/features/records/api/download-report';

export function ReportDownloadButton({ id, filename }: { id: number; filename: string }) {
  const download = useDownloadReport();
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        disabled={download.isPending}
        onClick={() => {
          download.mutate({ id, filename });
        }}
      >
        {download.isPending ? 'Downloading…' : `Download ${filename}`}
      </button>
      {download.error && <ErrorMessage error={download.error} action="download the report" />}
    </>
  );
}
