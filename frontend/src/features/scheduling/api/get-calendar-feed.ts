import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type CalendarFeedStatus = Schemas['CalendarFeedStatusOutput'];

export const CALENDAR_FEED_QUERY_KEY = ['calendar-feed'] as const;

/** Whether the caller's private feed URL works; the URL itself is shown only when it is made. */
export function getCalendarFeed({
  signal,
}: { signal?: AbortSignal } = {}): Promise<CalendarFeedStatus> {
  return api.get<CalendarFeedStatus>('/me/calendar-feed/', { signal });
}

export function getCalendarFeedQueryOptions() {
  return queryOptions({
    queryKey: CALENDAR_FEED_QUERY_KEY,
    queryFn: ({ signal }) => getCalendarFeed({ signal }),
  });
}

export function useCalendarFeed() {
  return useQuery(getCalendarFeedQueryOptions());
}
