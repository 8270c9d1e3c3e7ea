import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { REFRESH_AFTER_OWN_ACTIONS } from '@/lib/query-client';
import type { Page, Schemas } from '@/types/api';

export type Notification = Schemas['NotificationOutput'];

export const NOTIFICATIONS_QUERY_KEY = ['notifications'] as const;
/** How often the badge and the list look for news. */
export const NOTIFICATIONS_POLL_MS = 30_000;

export function getNotifications(
  filters: { page?: number; page_size?: number },
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<Notification>> {
  return api.get<Page<Notification>>('/notifications/', { params: filters, signal });
}

export function getNotificationsQueryOptions(filters: { page?: number; page_size?: number } = {}) {
  return queryOptions({
    queryKey: [...NOTIFICATIONS_QUERY_KEY, 'list', filters],
    queryFn: ({ signal }) => getNotifications(filters, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: NOTIFICATIONS_POLL_MS,
    meta: REFRESH_AFTER_OWN_ACTIONS,
  });
}

export function useNotifications(filters: { page?: number; page_size?: number } = {}) {
  return useQuery(getNotificationsQueryOptions(filters));
}
