import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { WebhookDelivery } from '@/features/webhooks/api/get-webhook-deliveries';
import { WEBHOOKS_QUERY_KEY } from '@/features/webhooks/api/get-webhook-endpoints';
import { api } from '@/lib/api-client';

export function replayWebhookDelivery(id: number): Promise<WebhookDelivery> {
  return api.post<WebhookDelivery>(`/webhooks/deliveries/${String(id)}/replay/`);
}

export function useReplayWebhookDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replayWebhookDelivery,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: WEBHOOKS_QUERY_KEY });
    },
  });
}
