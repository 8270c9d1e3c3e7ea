import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';

import { useIdParam } from '@/app/routes/shared/use-id-param';
import { ContentLayout } from '@/components/layouts/content-layout';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { usePatient } from '@/features/patients/api/get-patient';
import { MedicationForm } from '@/features/records/components/medication-form';
import { MedicationsList } from '@/features/records/components/medications-list';
import { RecordEntries } from '@/features/records/components/record-entries';
import { RecordEntryForm } from '@/features/records/components/record-entry-form';
import { ReportUploadForm } from '@/features/records/components/report-upload-form';
import { ReportsList } from '@/features/records/components/reports-list';
import { Timeline } from '@/features/records/components/timeline';

type PatientChartProps = {
  backHref: string;
  /** Extra actions for the role, e.g. booking on the patient's behalf. */
  actions?: (patientId: number) => ReactNode;
  /** Doctors prescribe, change and end medications; nurses read them. */
  canPrescribe?: boolean;
};

type ChartForm = 'entry' | 'report' | 'prescribe';

const FORM_LABELS: Record<ChartForm, string> = {
  entry: 'Add a record entry',
  report: 'Upload a report',
  prescribe: 'Prescribe a medication',
};

/**
 * A clinician's view of one patient. It opens on the record (latest entries, medications, the
 * history); the forms open one at a time, on demand, so reading comes first.
 */
export function PatientChart({ backHref, actions, canPrescribe = false }: PatientChartProps) {
  const id = useIdParam();
  const patient = usePatient(id);
  const profile = patient.data?.profile;
  const [openForm, setOpenForm] = useState<ChartForm | null>(null);
  const forms: ChartForm[] = canPrescribe ? ['entry', 'report', 'prescribe'] : ['entry', 'report'];

  return (
    <ContentLayout
      title={patient.data ? patient.data.full_name : 'Patient'}
      actions={patient.isSuccess ? actions?.(id) : undefined}
    >
      <p>
        <Link to={backHref}>Back to the patients</Link>
      </p>
      {patient.isPending && <Loading />}
      {patient.isError && <ErrorMessage error={patient.error} action="load the patient" />}
      {patient.isSuccess && (
        <div className="stack">
          <dl className="facts">
            <div>
              <dt>Date of birth</dt>
              <dd>{profile?.date_of_birth ?? '—'}</dd>
            </div>
            <div>
              <dt>Phone</dt>
              <dd>{profile && profile.phone !== '' ? profile.phone : '—'}</dd>
            </div>
            <div>
              <dt>Primary doctor</dt>
              <dd>{profile?.primary_doctor?.full_name ?? 'None'}</dd>
            </div>
          </dl>
          <nav aria-label="Chart sections" className="section-nav">
            <a href="#records-heading">Record entries</a>
            <a href="#medications-heading">Medications</a>
            <a href="#timeline-heading">History</a>
            <a href="#reports-heading">Reports</a>
          </nav>
          <div className="button-row" role="group" aria-label="Add to the chart">
            {forms.map((form) => (
              <button
                key={form}
                type="button"
                className={openForm === form ? 'button' : 'button button-secondary'}
                aria-expanded={openForm === form}
                aria-controls="chart-form"
                onClick={() => {
                  setOpenForm(openForm === form ? null : form);
                }}
              >
                {FORM_LABELS[form]}
              </button>
            ))}
          </div>
          <div id="chart-form">
            {openForm === 'entry' && <RecordEntryForm patientId={id} />}
            {openForm === 'report' && <ReportUploadForm patientId={id} />}
            {openForm === 'prescribe' && canPrescribe && <MedicationForm patientId={id} />}
          </div>
          <RecordEntries patientId={id} canEdit />
          <MedicationsList patientId={id} canPrescribe={canPrescribe} />
          <Timeline patientId={id} />
          <ReportsList patientId={id} canDelete />
        </div>
      )}
    </ContentLayout>
  );
}
