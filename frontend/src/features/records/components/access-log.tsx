import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { useAccessLog } from '@/features/records/api/get-access-log';
import { formatDateTime } from '@/lib/datetime';

const PAGE_SIZE = 25;

/** Who accessed the signed-in patient's record, when, and what they did. */
export function AccessLog() {
  const [page, setPage] = useState(1);
  const log = useAccessLog({ page, page_size: PAGE_SIZE });

  return (
    <>
      {log.isPending && <Loading label="Loading the access log…" />}
      {log.isError && <ErrorMessage error={log.error} action="load the access log" />}
      {log.isSuccess &&
        (log.data.count === 0 ? (
          <p>Nobody has accessed your record yet.</p>
        ) : (
          <>
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">Accesses to your record</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.results.map((entry) => (
                    <tr key={entry.id}>
                      <td>
                        <time dateTime={entry.occurred_at}>
                          {formatDateTime(entry.occurred_at)}
                        </time>
                      </td>
                      <td>
                        {entry.actor_name} <span className="muted">({entry.actor_role})</span>
                      </td>
                      <td>
                        {entry.action} ({entry.resource_type})
                      </td>
                      <td>{entry.outcome}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination
              label="Access log pages"
              page={page}
              count={log.data.count}
              pageSize={PAGE_SIZE}
              onPageChange={setPage}
            />
          </>
        ))}
    </>
  );
}
