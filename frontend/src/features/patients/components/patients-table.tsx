import { type SubmitEvent, useState } from 'react';
import { Link } from 'react-router';

import { TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { usePatients } from '@/features/patients/api/get-patients';
import { formText } from '@/lib/form-errors';

const PAGE_SIZE = 20;

type PatientsTableProps = {
  /** Where a patient's name links to; none: names are plain text. */
  detailHref?: (id: number) => string;
};

/** Patients the caller may see, searchable by name and e-mail. */
export function PatientsTable({ detailHref }: PatientsTableProps) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const patients = usePatients({ search: search || undefined, page, page_size: PAGE_SIZE });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSearch(formText(new FormData(event.currentTarget), 'search'));
    setPage(1);
  }

  return (
    <>
      <form role="search" aria-label="Search patients" onSubmit={submit} className="filters">
        <TextField label="Search by name or e-mail" name="search" type="search" />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {patients.isPending && <Loading label="Loading patients…" />}
      {patients.isError && <ErrorMessage error={patients.error} action="load the patients" />}
      {patients.isSuccess && (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Patients</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Date of birth</th>
                  <th scope="col">Primary doctor</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {patients.data.results.map((patient) => (
                  <tr key={patient.id}>
                    <th scope="row">
                      {detailHref ? (
                        <Link to={detailHref(patient.id)}>{patient.full_name}</Link>
                      ) : (
                        patient.full_name
                      )}
                    </th>
                    <td>{patient.email}</td>
                    <td>{patient.profile.date_of_birth ?? '—'}</td>
                    <td>{patient.profile.primary_doctor?.full_name ?? 'None'}</td>
                    <td>{patient.is_active ? 'Active' : 'Deactivated'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {patients.data.count === 0 && <p>No patients match.</p>}
          <Pagination
            label="Patient pages"
            page={page}
            count={patients.data.count}
            pageSize={PAGE_SIZE}
            onPageChange={setPage}
          />
        </>
      )}
    </>
  );
}
