import { type SubmitEvent, useState } from 'react';
import { Link } from 'react-router';

import { TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { useNurses } from '@/features/nurses/api/get-nurses';
import { formText } from '@/lib/form-errors';

const PAGE_SIZE = 20;

export function NursesTable({ editHref }: { editHref: (id: number) => string }) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const nurses = useNurses({ search: search || undefined, page, page_size: PAGE_SIZE });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSearch(formText(new FormData(event.currentTarget), 'search'));
    setPage(1);
  }

  return (
    <>
      <form role="search" aria-label="Search nurses" onSubmit={submit} className="filters">
        <TextField label="Search by name or e-mail" name="search" type="search" />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {nurses.isPending && <Loading label="Loading nurses…" />}
      {nurses.isError && <ErrorMessage error={nurses.error} action="load the nurses" />}
      {nurses.isSuccess && (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Nurses</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Username</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {nurses.data.results.map((nurse) => (
                  <tr key={nurse.id}>
                    <th scope="row">
                      <Link to={editHref(nurse.id)}>{nurse.full_name}</Link>
                    </th>
                    <td>{nurse.username}</td>
                    <td>{nurse.email}</td>
                    <td>{nurse.is_active ? 'Active' : 'Deactivated'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {nurses.data.count === 0 && <p>No nurses match.</p>}
          <Pagination
            label="Nurse pages"
            page={page}
            count={nurses.data.count}
            pageSize={PAGE_SIZE}
            onPageChange={setPage}
          />
        </>
      )}
    </>
  );
}
