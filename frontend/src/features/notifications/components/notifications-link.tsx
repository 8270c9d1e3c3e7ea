import { NavLink } from 'react-router';

import { UnreadBadge } from '@/features/notifications/components/unread-badge';

/** The header's link to the notifications, with the unread count as a badge. */
export function NotificationsLink({ to }: { to: string }) {
  return (
    <NavLink to={to} className="notifications-link">
      Notifications
      <UnreadBadge />
    </NavLink>
  );
}
