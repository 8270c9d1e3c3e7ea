import { useState } from 'react';

import { TextField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useCalendarFeed } from '@/features/scheduling/api/get-calendar-feed';
import {
  type IssuedCalendarFeed,
  useIssueCalendarFeed,
} from '@/features/scheduling/api/issue-calendar-feed';
import { useRevokeCalendarFeed } from '@/features/scheduling/api/revoke-calendar-feed';
import { formatDateTime } from '@/lib/datetime';

const SHOWS = {
  patient:
    'Your appointments (doctor, time and place) appear in your calendar app and stay up to date.',
  doctor:
    "Your schedule (times and patients' initials only) appears in your calendar app and stays up to date.",
} as const;

function IssuedUrl({ feed }: { feed: IssuedCalendarFeed }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="alert alert-info" role="region" aria-label="New calendar link">
      <p>
        <strong>Copy this address now.</strong> It will not be shown again. Anyone who has it can
        see what it shows, so keep it private.
      </p>
      <TextField
        label="Calendar address"
        readOnly
        value={feed.url}
        onFocus={(event) => {
          event.target.select();
        }}
      />
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() => {
            navigator.clipboard.writeText(feed.url).then(
              () => {
                setCopied(true);
              },
              () => {
                setCopied(false);
              },
            );
          }}
        >
          Copy address
        </button>
        <a className="button button-secondary" href={feed.webcal_url}>
          Open in calendar app
        </a>
      </div>
      {copied === true && <p role="status">Copied.</p>}
      {copied === false && (
        <p role="alert">Copying failed: select the address and copy it by hand.</p>
      )}
    </div>
  );
}

/** "Subscribe in your calendar app": a private feed URL, shown once, that can be replaced or ended. */
export function CalendarFeedPanel({ audience }: { audience: keyof typeof SHOWS }) {
  const status = useCalendarFeed();
  const issue = useIssueCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [issued, setIssued] = useState<IssuedCalendarFeed | null>(null);

  function makeLink() {
    revoke.reset();
    issue.mutate(undefined, { onSuccess: setIssued });
  }

  return (
    <section className="card" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading">Subscribe in your calendar app</h2>
      <p className="muted">{SHOWS[audience]}</p>
      {status.isPending && <Loading label="Loading the calendar link…" />}
      {status.isError && <ErrorMessage error={status.error} action="load the calendar link" />}
      {issued && <IssuedUrl feed={issued} />}
      {status.isSuccess && !status.data.active && (
        <>
          {revoke.isSuccess && (
            <p role="status" className="alert alert-success">
              The calendar link is turned off.
            </p>
          )}
          <div className="button-row">
            <button type="button" className="button" disabled={issue.isPending} onClick={makeLink}>
              {issue.isPending ? 'Creating…' : 'Create calendar link'}
            </button>
          </div>
        </>
      )}
      {status.isSuccess && status.data.active && (
        <>
          {!issued && (
            <p>
              Your calendar link is on
              {status.data.created_at && ` (made ${formatDateTime(status.data.created_at)})`}. For
              your privacy its address is shown only when it is made.
            </p>
          )}
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              disabled={issue.isPending}
              onClick={makeLink}
            >
              {issue.isPending ? 'Creating…' : 'Replace the link'}
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={revoke.isPending}
              onClick={() => {
                issue.reset();
                revoke.mutate(undefined, {
                  onSuccess: () => {
                    setIssued(null);
                  },
                });
              }}
            >
              {revoke.isPending ? 'Turning off…' : 'Turn off the link'}
            </button>
          </div>
          <p className="muted">Replacing or turning off the link stops the old address at once.</p>
        </>
      )}
      {issue.error && <ErrorMessage error={issue.error} action="create the calendar link" />}
      {revoke.error && <ErrorMessage error={revoke.error} action="turn off the calendar link" />}
    </section>
  );
}
