import { ContentLayout } from '@/components/layouts/content-layout';
import { paths } from '@/config/paths';
import { useMe } from '@/features/auth/api/get-me';
import { NotificationsList } from '@/features/notifications/components/notifications-list';
import type { Role } from '@/types/api';

/** The backend links to its own objects; each role has its page for them. */
function linkFor(role: Role | undefined) {
  return (link: string): string | null => {
    if (link.startsWith('/appointments/')) {
      if (role === 'patient') return paths.patient.appointments.getHref();
      if (role === 'doctor') return paths.doctor.schedule.getHref();
    }
    if (link === '/history' && role === 'patient') {
      return paths.patient.record.getHref();
    }
    return null;
  };
}

export function NotificationsRoute() {
  const me = useMe();
  return (
    <ContentLayout title="Notifications">
      <NotificationsList linkFor={linkFor(me.data?.role)} />
    </ContentLayout>
  );
}
