import { type SubmitEvent, useState } from 'react';
import { Link } from 'react-router';

import { TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { useDoctors } from '@/features/doctors/api/get-doctors';
import { formText } from '@/lib/form-errors';

const PAGE_SIZE = 20;

/** Admins: every doctor account, active or not, with a link to edit each. */
export function DoctorsTable({ editHref }: { editHref: (id: number) => string }) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const doctors = useDoctors({ search: search || undefined, page, page_size: PAGE_SIZE });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSearch(formText(new FormData(event.currentTarget), 'search'));
    setPage(1);
  }

  return (
    <>
      <form role="search" aria-label="Search doctors" onSubmit={submit} className="filters">
        <TextField label="Search by name or specialty" name="search" type="search" />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {doctors.isPending && <Loading label="Loading doctors…" />}
      {doctors.isError && <ErrorMessage error={doctors.error} action="load the doctors" />}
      {doctors.isSuccess && (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Doctors</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Specialty</th>
                  <th scope="col">Licence</th>
                  <th scope="col">New patients</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {doctors.data.results.map((doctor) => (
                  <tr key={doctor.id}>
                    <th scope="row">
                      <Link to={editHref(doctor.id)}>{doctor.full_name}</Link>
                    </th>
                    <td>{doctor.specialty}</td>
                    <td>{doctor.licence_number}</td>
                    <td>{doctor.accepting_new_patients ? 'Accepting' : 'Not accepting'}</td>
                    <td>{doctor.is_active ? 'Active' : 'Deactivated'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {doctors.data.count === 0 && <p>No doctors match.</p>}
          <Pagination
            label="Doctor pages"
            page={page}
            count={doctors.data.count}
            pageSize={PAGE_SIZE}
            onPageChange={setPage}
          />
        </>
      )}
    </>
  );
}
