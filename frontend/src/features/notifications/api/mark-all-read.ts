import { useMutation, useQueryClient } from '@tanstack/react-query';

import { NOTIFICATIONS_QUERY_KEY } from '@/features/notifications/api/get-notifications';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export function markAllRead(): Promise<Schemas['ReadAll']> {
  return api.post<Schemas['ReadAll']>('/notifications/read-all/');
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllRead,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY });
    },
  });
}
