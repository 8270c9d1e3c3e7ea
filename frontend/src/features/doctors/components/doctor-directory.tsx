import { type ReactNode, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router';

import { SelectField, TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { type Doctor, useDoctors, useSpecialties } from '@/features/doctors/api/get-doctors';
import { formText } from '@/lib/form-errors';

const PAGE_SIZE = 20;

type DoctorDirectoryProps = {
  /** What may be done with a doctor, e.g. a link to book (the route decides). */
  actions?: (doctor: Doctor) => ReactNode;
};

/** The directory for patients and staff: search by name or specialty, filter by specialty. */
export function DoctorDirectory({ actions }: DoctorDirectoryProps) {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const specialty = params.get('specialty') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const doctors = useDoctors({
    search: search || undefined,
    specialty: specialty || undefined,
    page,
    page_size: PAGE_SIZE,
  });
  const specialties = useSpecialties();

  function apply(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) {
        next.set(key, value);
      } else {
        next.delete(key);
      }
    }
    if (!('page' in changes)) {
      next.delete('page');
    }
    setParams(next, { replace: true });
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    apply({ search: formText(form, 'search') });
  }

  return (
    <section aria-labelledby="directory-heading">
      <h2 id="directory-heading" className="visually-hidden">
        Doctors
      </h2>
      <form role="search" aria-label="Find a doctor" onSubmit={submit} className="filters">
        <TextField
          label="Search by name or specialty"
          name="search"
          type="search"
          defaultValue={search}
          key={search}
        />
        <SelectField
          label="Specialty"
          name="specialty"
          value={specialty}
          onChange={(event) => {
            apply({ specialty: event.target.value });
          }}
          options={[
            { value: '', label: 'All specialties' },
            ...(specialties.data ?? []).map((name) => ({ value: name, label: name })),
          ]}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>

      {doctors.isPending && <Loading label="Loading doctors…" />}
      {doctors.isError && <ErrorMessage error={doctors.error} action="load the doctors" />}
      {doctors.isSuccess && (
        <>
          <p role="status" className="muted">
            {doctors.data.count === 1 ? '1 doctor' : `${String(doctors.data.count)} doctors`}
          </p>
          <ul className="cards" aria-label="Doctors">
            {doctors.data.results.map((doctor) => (
              <li key={doctor.id} className="card">
                <h3>{doctor.full_name}</h3>
                <p className="card-meta">{doctor.specialty}</p>
                {doctor.bio && <p>{doctor.bio}</p>}
                <p className={doctor.accepting_new_patients ? 'badge badge-ok' : 'badge'}>
                  {doctor.accepting_new_patients
                    ? 'Accepting new patients'
                    : 'Not accepting new patients'}
                </p>
                {actions?.(doctor)}
              </li>
            ))}
          </ul>
          <Pagination
            label="Doctor pages"
            page={page}
            count={doctors.data.count}
            pageSize={PAGE_SIZE}
            onPageChange={(next) => {
              apply({ page: String(next) });
            }}
          />
        </>
      )}
    </section>
  );
}
