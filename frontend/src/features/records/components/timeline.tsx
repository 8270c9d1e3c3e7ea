import { useState } from 'react';

import { SelectField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import {
  type TimelineItem,
  type TimelineKind,
  useTimeline,
} from '@/features/records/api/get-timeline';
import { ReportDownloadButton } from '@/features/records/components/report-download-button';
import { writerName } from '@/features/records/components/writer';
import { formatDate, formatDateTime } from '@/lib/datetime';

const PAGE_SIZE = 20;

const KINDS = [
  { value: '', label: 'Everything' },
  { value: 'appointment', label: 'Appointments' },
  { value: 'visit_note', label: 'Visit notes' },
  { value: 'record', label: 'Record entries' },
  { value: 'medication', label: 'Medication changes' },
  { value: 'report', label: 'Reports' },
] as const;

const MEDICATION_CHANGES: Record<string, string> = {
  started: 'Medication started',
  changed: 'Medication changed',
  ended: 'Medication ended',
};

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function Entry({ item }: { item: TimelineItem }) {
  // Exactly one of the payloads is set, the one named by `kind`.
  const { appointment, visit_note: note, record, medication: change, report } = item;
  if (appointment) {
    return (
      <>
        <h3>Appointment with {appointment.doctor.full_name}</h3>
        <p className="card-meta">
          {formatDateTime(appointment.start)} · {appointment.status.replace('_', '-')}
        </p>
        {appointment.reason && <p>Reason: {appointment.reason}</p>}
      </>
    );
  }
  if (note) {
    return (
      <>
        <h3>Visit notes by {note.doctor.full_name}</h3>
        <p className="preserve-lines">{note.consultation_notes}</p>
      </>
    );
  }
  if (record) {
    return (
      <>
        <h3>{record.diagnosis || 'Record entry'}</h3>
        <p className="card-meta">
          By {writerName(record.author, record.author_client)}
          {record.version > 1 && ` · edited (version ${String(record.version)})`}
        </p>
        {record.treatment_plan && <p>Treatment plan: {record.treatment_plan}</p>}
        {record.medications_text && <p>Medications: {record.medications_text}</p>}
        {record.notes && <p className="preserve-lines">{record.notes}</p>}
      </>
    );
  }
  if (change) {
    const after = change.after as Record<string, unknown>;
    const before = change.before as Record<string, unknown>;
    const name = text(after.name) || text(before.name);
    return (
      <>
        <h3>
          {MEDICATION_CHANGES[change.change] ?? 'Medication'}: {name}
        </h3>
        <p className="card-meta">By {change.changed_by.full_name}</p>
        {(text(after.dose) || text(after.frequency)) && (
          <p>
            {text(after.dose)} {text(after.frequency)}
          </p>
        )}
      </>
    );
  }
  if (!report) {
    return null;
  }
  return (
    <>
      <h3>Report: {report.title}</h3>
      <p className="card-meta">Uploaded by {report.uploaded_by.full_name}</p>
      {report.description && <p>{report.description}</p>}
      <ReportDownloadButton id={report.id} filename={report.original_filename} />
    </>
  );
}

/** A patient's history in one feed, newest first, filterable by kind. */
export function Timeline({ patientId }: { patientId: number }) {
  const [kind, setKind] = useState<TimelineKind | ''>('');
  const [page, setPage] = useState(1);
  const timeline = useTimeline(patientId, {
    ...(kind ? { kind } : {}),
    page,
    page_size: PAGE_SIZE,
  });

  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">History</h2>
      <div className="filters">
        <SelectField
          label="Show"
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as TimelineKind | '');
            setPage(1);
          }}
          options={KINDS}
        />
      </div>
      {timeline.isPending && <Loading label="Loading the history…" />}
      {timeline.isError && <ErrorMessage error={timeline.error} action="load the history" />}
      {timeline.isSuccess &&
        (timeline.data.count === 0 ? (
          <p>Nothing here yet.</p>
        ) : (
          <>
            <ol className="timeline" aria-label="History">
              {timeline.data.results.map((item, index) => (
                <li key={`${item.kind}-${item.at}-${String(index)}`} className="card">
                  <p className="timeline-date">
                    <time dateTime={item.at}>{formatDate(item.at)}</time>
                  </p>
                  <Entry item={item} />
                </li>
              ))}
            </ol>
            <Pagination
              label="History pages"
              page={page}
              count={timeline.data.count}
              pageSize={PAGE_SIZE}
              onPageChange={setPage}
            />
          </>
        ))}
    </section>
  );
}
