import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { useRecordRevisions } from '@/features/records/api/get-record-revisions';
import { type RecordEntry, useRecords } from '@/features/records/api/get-records';
import { RecordEntryEditor } from '@/features/records/components/record-entry-editor';
import { writerName } from '@/features/records/components/writer';
import { formatDateTime, formatDay } from '@/lib/datetime';

const PAGE_SIZE = 10;

function Revisions({ entry }: { entry: RecordEntry }) {
  const [open, setOpen] = useState(false);
  const revisions = useRecordRevisions(entry.id, { enabled: open });
  if (entry.version <= 1) {
    return null;
  }
  return (
    <div>
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        onClick={() => {
          setOpen((value) => !value);
        }}
      >
        {open ? 'Hide earlier versions' : 'Show earlier versions'}
      </button>
      {open && revisions.isPending && <Loading label="Loading earlier versions…" />}
      {open && revisions.isError && (
        <ErrorMessage error={revisions.error} action="load the earlier versions" />
      )}
      {open && revisions.isSuccess && (
        <ol
          className="revisions"
          aria-label={`Earlier versions of the entry of ${entry.entry_date}`}
        >
          {revisions.data.results.map((revision) => (
            <li key={revision.revision}>
              <p className="card-meta">
                Version {revision.revision}, written by{' '}
                {writerName(revision.written_by, revision.written_by_client)},{' '}
                {formatDateTime(revision.written_at)}
              </p>
              {revision.diagnosis && <p>Diagnosis: {revision.diagnosis}</p>}
              {revision.treatment_plan && <p>Treatment plan: {revision.treatment_plan}</p>}
              {revision.notes && <p className="preserve-lines">{revision.notes}</p>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function Entry({ entry, canEdit }: { entry: RecordEntry; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <li className="card">
      <h3>{entry.diagnosis || 'Record entry'}</h3>
      <p className="card-meta">
        {formatDay(entry.entry_date)} · {writerName(entry.author, entry.author_client)}
        {entry.version > 1 && ` · version ${String(entry.version)}`}
      </p>
      {saved && (
        <p role="status" className="alert alert-success">
          The entry has been updated; the earlier version is kept.
        </p>
      )}
      {editing ? (
        <RecordEntryEditor
          entry={entry}
          onDone={() => {
            setEditing(false);
            setSaved(true);
          }}
          onCancel={() => {
            setEditing(false);
          }}
        />
      ) : (
        <>
          {entry.treatment_plan && <p>Treatment plan: {entry.treatment_plan}</p>}
          {entry.medications_text && <p>Medications: {entry.medications_text}</p>}
          {entry.notes && <p className="preserve-lines">{entry.notes}</p>}
          {canEdit && (
            <p>
              <button
                type="button"
                className="button button-secondary"
                aria-label={`Edit the entry of ${entry.entry_date}`}
                onClick={() => {
                  setSaved(false);
                  setEditing(true);
                }}
              >
                Edit
              </button>
            </p>
          )}
          <Revisions entry={entry} />
        </>
      )}
    </li>
  );
}

type RecordEntriesProps = {
  patientId: number;
  /** Clinicians edit entries (the API refuses the patient). */
  canEdit?: boolean;
};

/** The patient's record entries, newest first, each with its earlier versions on demand. */
export function RecordEntries({ patientId, canEdit = false }: RecordEntriesProps) {
  const [page, setPage] = useState(1);
  const records = useRecords({
    patient: patientId,
    ordering: '-entry_date',
    page,
    page_size: PAGE_SIZE,
  });

  return (
    <section aria-labelledby="records-heading">
      <h2 id="records-heading">Record entries</h2>
      {records.isPending && <Loading label="Loading record entries…" />}
      {records.isError && <ErrorMessage error={records.error} action="load the record" />}
      {records.isSuccess &&
        (records.data.count === 0 ? (
          <p>No record entries yet.</p>
        ) : (
          <>
            <ul className="appointments" aria-label="Record entries">
              {records.data.results.map((entry) => (
                <Entry key={entry.id} entry={entry} canEdit={canEdit} />
              ))}
            </ul>
            <Pagination
              label="Record pages"
              page={page}
              count={records.data.count}
              pageSize={PAGE_SIZE}
              onPageChange={setPage}
            />
          </>
        ))}
    </section>
  );
}
