import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';
import { useDeleteReport } from '@/features/records/api/delete-report';
import type { Report } from '@/features/records/api/get-reports';

/** Deleting a report takes a second, explicit step; the API only hides it (a soft delete). */
export function ReportDeleteButton({ report }: { report: Report }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteReport(report.id);

  if (!confirming) {
    return (
      <button
        type="button"
        className="button button-secondary"
        aria-label={`Delete ${report.title}`}
        onClick={() => {
          setConfirming(true);
        }}
      >
        Delete
      </button>
    );
  }
  return (
    <div role="group" aria-label={`Delete ${report.title}?`} className="confirm-step">
      <p>
        Delete “{report.title}”? It disappears from the patient’s record; the clinic keeps the file
        in its archive.
      </p>
      {remove.isError && <ErrorMessage error={remove.error} action="delete the report" />}
      <div className="button-row">
        <button
          type="button"
          className="button button-danger"
          disabled={remove.isPending}
          onClick={() => {
            remove.mutate();
          }}
        >
          {remove.isPending ? 'Deleting…' : 'Delete the report'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            remove.reset();
            setConfirming(false);
          }}
        >
          Keep it
        </button>
      </div>
    </div>
  );
}
