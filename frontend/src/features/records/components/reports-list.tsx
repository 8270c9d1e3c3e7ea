import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useReports } from '@/features/records/api/get-reports';
import { ReportDeleteButton } from '@/features/records/components/report-delete-button';
import { ReportDownloadButton } from '@/features/records/components/report-download-button';
import { formatDate } from '@/lib/datetime';

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${String(Math.max(1, Math.round(bytes / 1024)))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

type ReportsListProps = {
  patientId?: number;
  /** Clinicians delete reports (softly; the API refuses the patient). */
  canDelete?: boolean;
};

export function ReportsList({ patientId, canDelete = false }: ReportsListProps) {
  const reports = useReports({ ...(patientId ? { patient: patientId } : {}), page_size: 100 });

  return (
    <section aria-labelledby="reports-heading">
      <h2 id="reports-heading">Reports</h2>
      {reports.isPending && <Loading label="Loading reports…" />}
      {reports.isError && <ErrorMessage error={reports.error} action="load the reports" />}
      {reports.isSuccess &&
        (reports.data.count === 0 ? (
          <p>No reports.</p>
        ) : (
          <ul className="appointments" aria-label="Reports">
            {reports.data.results.map((report) => (
              <li key={report.id} className="card">
                <h3>{report.title}</h3>
                <p className="card-meta">
                  {formatDate(report.created_at)} · {report.uploaded_by.full_name} ·{' '}
                  {size(report.size)}
                </p>
                {report.description && <p>{report.description}</p>}
                <div className="button-row">
                  <ReportDownloadButton id={report.id} filename={report.original_filename} />
                  {canDelete && <ReportDeleteButton report={report} />}
                </div>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
