import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { type Medication, useMedications } from '@/features/records/api/get-medications';
import { type EditMode, MedicationEditor } from '@/features/records/components/medication-editor';
import { formatCalendarDate } from '@/lib/datetime';

type MedicationsListProps = {
  patientId?: number;
  /** Doctors change and end medications (the API refuses everyone else). */
  canPrescribe?: boolean;
};

/** A patient's medications: current ones first in the API's order (newest start first). */
export function MedicationsList({ patientId, canPrescribe = false }: MedicationsListProps) {
  const medications = useMedications({
    ...(patientId ? { patient: patientId } : {}),
    page_size: 100,
  });
  const [editing, setEditing] = useState<{ medication: Medication; mode: EditMode } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  function open(medication: Medication, mode: EditMode) {
    setDone(null);
    setEditing({ medication, mode });
  }

  return (
    <section aria-labelledby="medications-heading">
      <h2 id="medications-heading">Medications</h2>
      {done && (
        <p role="status" className="alert alert-success">
          {done}
        </p>
      )}
      {medications.isPending && <Loading label="Loading medications…" />}
      {medications.isError && (
        <ErrorMessage error={medications.error} action="load the medications" />
      )}
      {medications.isSuccess &&
        (medications.data.count === 0 ? (
          <p>No medications.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Medications</caption>
              <thead>
                <tr>
                  <th scope="col">Medication</th>
                  <th scope="col">Dose</th>
                  <th scope="col">How often</th>
                  <th scope="col">From</th>
                  <th scope="col">Until</th>
                  <th scope="col">Prescribed by</th>
                  <th scope="col">Status</th>
                  {canPrescribe && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {medications.data.results.map((medication) => (
                  <tr key={medication.id}>
                    <th scope="row">{medication.name}</th>
                    <td>{medication.dose}</td>
                    <td>{medication.frequency}</td>
                    <td>
                      <time dateTime={medication.start_date}>
                        {formatCalendarDate(medication.start_date)}
                      </time>
                    </td>
                    <td>
                      {medication.end_date ? (
                        <time dateTime={medication.end_date}>
                          {formatCalendarDate(medication.end_date)}
                        </time>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{medication.prescriber.full_name}</td>
                    <td>{medication.active ? 'Active' : 'Ended'}</td>
                    {canPrescribe && (
                      <td>
                        <div className="button-row">
                          <button
                            type="button"
                            className="button button-secondary"
                            aria-label={`Change ${medication.name}`}
                            onClick={() => {
                              open(medication, 'change');
                            }}
                          >
                            Change
                          </button>
                          {medication.active && (
                            <button
                              type="button"
                              className="button button-secondary"
                              aria-label={`End ${medication.name}`}
                              onClick={() => {
                                open(medication, 'end');
                              }}
                            >
                              End
                            </button>
                          )}
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {editing && (
        <MedicationEditor
          key={`${String(editing.medication.id)}-${editing.mode}`}
          medication={editing.medication}
          mode={editing.mode}
          onDone={(message) => {
            setEditing(null);
            setDone(message);
          }}
          onCancel={() => {
            setEditing(null);
          }}
        />
      )}
    </section>
  );
}
