import { useUnreadCount } from '@/features/notifications/api/get-unread-count';

/**
 * The unread count as a badge, with its meaning for screen readers ("(2 unread)"); nothing when
 * all is read. Place it after a word: it brings its own leading space.
 */
export function UnreadBadge({ noun = 'unread' }: { noun?: string }) {
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  if (count === 0) {
    return null;
  }
  return (
    <>
      {' '}
      <span className="count-badge" aria-hidden="true">
        {count > 99 ? '99+' : count}
      </span>
      <span className="visually-hidden">
        ({count} {noun})
      </span>
    </>
  );
}
