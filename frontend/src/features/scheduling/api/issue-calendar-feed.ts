import { useMutation, useQueryClient } from '@tanstack/react-query';

import { CALENDAR_FEED_QUERY_KEY } from '@/features/scheduling/api/get-calendar-feed';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type IssuedCalendarFeed = Schemas['CalendarFeedIssuedOutput'];

/** Makes the caller's feed URL, or a new one: the old URL stops working at once. */
export function issueCalendarFeed(): Promise<IssuedCalendarFeed> {
  return api.post<IssuedCalendarFeed>('/me/calendar-feed/');
}

export function useIssueCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: issueCalendarFeed,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CALENDAR_FEED_QUERY_KEY });
    },
  });
}
