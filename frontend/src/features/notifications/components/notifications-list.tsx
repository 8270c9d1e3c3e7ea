import { useState } from 'react';
import { Link } from 'react-router';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { Pagination } from '@/components/ui/pagination';
import { useNotifications } from '@/features/notifications/api/get-notifications';
import { useMarkAllRead } from '@/features/notifications/api/mark-all-read';
import { useMarkRead } from '@/features/notifications/api/mark-read';
import { formatDateTime } from '@/lib/datetime';

const PAGE_SIZE = 20;

type NotificationsListProps = {
  /** Where a notification's link (an API-side path such as `/appointments/12`) leads in the app. */
  linkFor?: (link: string) => string | null;
};

export function NotificationsList({ linkFor }: NotificationsListProps) {
  const [page, setPage] = useState(1);
  const notifications = useNotifications({ page, page_size: PAGE_SIZE });
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const anyUnread = notifications.data?.results.some((item) => !item.read_at) ?? false;

  return (
    <>
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={!anyUnread || markAllRead.isPending}
          onClick={() => {
            markAllRead.mutate();
          }}
        >
          Mark all as read
        </button>
      </div>
      {markAllRead.error && <ErrorMessage error={markAllRead.error} action="mark them as read" />}
      {markRead.error && <ErrorMessage error={markRead.error} action="mark it as read" />}
      {notifications.isPending && <Loading label="Loading notifications…" />}
      {notifications.isError && (
        <ErrorMessage error={notifications.error} action="load the notifications" />
      )}
      {notifications.isSuccess &&
        (notifications.data.count === 0 ? (
          <p>No notifications yet.</p>
        ) : (
          <>
            <ul className="appointments" aria-label="Notifications">
              {notifications.data.results.map((item) => (
                <li
                  key={item.id}
                  className={item.read_at ? 'card' : 'card card-unread'}
                  aria-label={`${item.read_at ? '' : 'Unread: '}${item.title}`}
                >
                  <div className="appointment-head">
                    <h2 className="card-title">{item.title}</h2>
                    <time className="muted" dateTime={item.created_at}>
                      {formatDateTime(item.created_at)}
                    </time>
                  </div>
                  {item.body && <p>{item.body}</p>}
                  {item.link && linkFor?.(item.link) && (
                    <p>
                      <Link to={linkFor(item.link) ?? ''}>Open: {item.title}</Link>
                    </p>
                  )}
                  {!item.read_at && (
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={markRead.isPending}
                      onClick={() => {
                        markRead.mutate(item.id);
                      }}
                    >
                      Mark as read
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <Pagination
              label="Notification pages"
              page={page}
              count={notifications.data.count}
              pageSize={PAGE_SIZE}
              onPageChange={setPage}
            />
          </>
        ))}
    </>
  );
}
