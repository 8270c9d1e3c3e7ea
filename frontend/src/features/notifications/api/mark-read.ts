import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  type Notification,
  NOTIFICATIONS_QUERY_KEY,
} from '@/features/notifications/api/get-notifications';
import { api } from '@/lib/api-client';

export function markRead(id: number): Promise<Notification> {
  return api.post<Notification>(`/notifications/${String(id)}/read/`);
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markRead,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY });
    },
  });
}
