import { useMutation, useQueryClient } from '@tanstack/react-query';

import { CALENDAR_FEED_QUERY_KEY } from '@/features/scheduling/api/get-calendar-feed';
import { api } from '@/lib/api-client';

/** Ends the caller's feed URL: subscribed calendars stop receiving updates. */
export function revokeCalendarFeed(): Promise<void> {
  return api.delete('/me/calendar-feed/');
}

export function useRevokeCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeCalendarFeed,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CALENDAR_FEED_QUERY_KEY });
    },
  });
}
