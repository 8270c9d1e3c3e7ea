import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  WEBHOOKS_QUERY_KEY,
  type WebhookEndpoint,
} from '@/features/webhooks/api/get-webhook-endpoints';
import { api } from '@/lib/api-client';

export function enableWebhookEndpoint(id: number): Promise<WebhookEndpoint> {
  return api.post<WebhookEndpoint>(`/webhooks/endpoints/${String(id)}/enable/`);
}

export function useEnableWebhookEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: enableWebhookEndpoint,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: WEBHOOKS_QUERY_KEY });
    },
  });
}
