import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { accessSentence } from '@/features/records/access-sentences';
import { type AccessLogLine, useAccessLog } from '@/features/records/api/get-access-log';
import { formatDay, formatTime } from '@/lib/datetime';

const PAGE_SIZE = 20;

/** The page's lines by clinic day, in the order the API gives them (newest day first). */
function byDay(lines: AccessLogLine[]): [string, AccessLogLine[]][] {
  const days = new Map<string, AccessLogLine[]>();
  for (const line of lines) {
    days.set(line.day, [...(days.get(line.day) ?? []), line]);
  }
  return [...days.entries()];
}

function when(line: AccessLogLine): string {
  const first = formatTime(line.first_at);
  const last = formatTime(line.last_at);
  return first === last ? `At ${first}` : `Between ${first} and ${last}`;
}

/** Who accessed the signed-in patient's record, in sentences: one per person, day and outcome. */
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
            {byDay(log.data.results).map(([day, lines]) => (
              <section key={day} aria-labelledby={`access-day-${day}`} className="access-day">
                <h2 id={`access-day-${day}`}>{formatDay(day)}</h2>
                <ul className="access-lines">
                  {lines.map((line) => (
                    <li
                      key={`${line.actor_role}-${line.actor_name ?? ''}-${line.outcome}-${line.first_at}`}
                      className={line.outcome === 'success' ? undefined : 'access-refused'}
                    >
                      <p>{accessSentence(line)}</p>
                      <p className="muted">
                        <time dateTime={line.first_at}>{when(line)}</time>
                      </p>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
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
