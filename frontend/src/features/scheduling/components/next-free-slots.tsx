import { type SubmitEvent, useState } from 'react';

import { SelectField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import {
  type NextSlot,
  type NextSlotFilters,
  useNextSlots,
} from '@/features/scheduling/api/get-next-slots';
import { useClinic } from '@/features/scheduling/api/get-clinic';
import { generalPolicyText } from '@/features/scheduling/policy';
import { formatDateTime } from '@/lib/datetime';
import { formText } from '@/lib/form-errors';

type NextFreeSlotsProps = {
  specialties: readonly string[];
  onPick: (slot: NextSlot) => void;
};

/** "When is the earliest I can be seen?": across every doctor, or those of one specialty. */
export function NextFreeSlots({ specialties, onPick }: NextFreeSlotsProps) {
  const [filters, setFilters] = useState<NextSlotFilters | null>(null);
  const next = useNextSlots(filters);
  const clinic = useClinic();

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const specialty = formText(new FormData(event.currentTarget), 'specialty');
    setFilters({ limit: 5, ...(specialty ? { specialty } : {}) });
  }

  return (
    <section aria-labelledby="next-free-heading" className="card">
      <h2 id="next-free-heading">Next free time</h2>
      {clinic.isSuccess && <p className="muted">{generalPolicyText(clinic.data)}</p>}
      <form onSubmit={submit} className="filters" aria-label="Find the next free time">
        <SelectField
          label="Specialty for the next free time"
          name="specialty"
          options={[
            { value: '', label: 'Any specialty' },
            ...specialties.map((name) => ({ value: name, label: name })),
          ]}
        />
        <button type="submit" className="button">
          Find the earliest times
        </button>
      </form>
      {next.isFetching && <Loading label="Looking for free times…" />}
      {next.isError && <ErrorMessage error={next.error} action="find free times" />}
      {next.isSuccess && !next.isFetching && (
        <>
          {next.data.results.length === 0 ? (
            <p>No free times in the booking window.</p>
          ) : (
            <ul className="next-slots" aria-label="Earliest free times">
              {next.data.results.map((slot) => (
                <li key={`${String(slot.doctor.id)}-${slot.start}`}>
                  <span>
                    <strong>{formatDateTime(slot.start, next.data.time_zone)}</strong> with{' '}
                    {slot.doctor.full_name} ({slot.doctor.specialty})
                    {slot.is_primary_doctor && <span className="badge badge-ok">your doctor</span>}
                  </span>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => {
                      onPick(slot);
                    }}
                  >
                    Choose {formatDateTime(slot.start, next.data.time_zone)} with{' '}
                    {slot.doctor.full_name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
