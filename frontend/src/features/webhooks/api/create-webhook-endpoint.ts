import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  WEBHOOKS_QUERY_KEY,
  type WebhookEndpointWithSecret,
} from '@/features/webhooks/api/get-webhook-endpoints';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type WebhookEndpointCreateInput = Schemas['WebhookEndpointInputRequest'];

export function createWebhookEndpoint(
  input: WebhookEndpointCreateInput,
): Promise<WebhookEndpointWithSecret> {
  return api.post<WebhookEndpointWithSecret>('/webhooks/endpoints/', input);
}

export function useCreateWebhookEndpoint({
  onSuccess,
}: { onSuccess?: (endpoint: WebhookEndpointWithSecret) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWebhookEndpoint,
    onSuccess: async (endpoint) => {
      await queryClient.invalidateQueries({ queryKey: WEBHOOKS_QUERY_KEY });
      onSuccess?.(endpoint);
    },
  });
}
