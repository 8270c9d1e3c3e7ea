import { queryOptions, useQuery } from '@tanstack/react-query';

import {
  NOTIFICATIONS_POLL_MS,
  NOTIFICATIONS_QUERY_KEY,
} from '@/features/notifications/api/get-notifications';
import { api } from '@/lib/api-client';
import { REFRESH_AFTER_OWN_ACTIONS } from '@/lib/query-client';
import type { Schemas } from '@/types/api';

export type UnreadCount = Schemas['UnreadCount'];

export function getUnreadCount({ signal }: { signal?: AbortSignal } = {}): Promise<UnreadCount> {
  return api.get<UnreadCount>('/notifications/unread-count/', { signal });
}

export function getUnreadCountQueryOptions() {
  return queryOptions({
    queryKey: [...NOTIFICATIONS_QUERY_KEY, 'unread-count'],
    queryFn: ({ signal }) => getUnreadCount({ signal }),
    // The badge updates by itself (and when the window regains focus), and at once after the
    // user's own actions: a booking, a cancellation, a notification read.
    refetchInterval: NOTIFICATIONS_POLL_MS,
    staleTime: 0,
    meta: REFRESH_AFTER_OWN_ACTIONS,
  });
}

export function useUnreadCount() {
  return useQuery(getUnreadCountQueryOptions());
}
