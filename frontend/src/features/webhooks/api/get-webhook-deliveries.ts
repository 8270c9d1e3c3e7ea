import { queryOptions, useQuery } from '@tanstack/react-query';

import { WEBHOOKS_QUERY_KEY } from '@/features/webhooks/api/get-webhook-endpoints';
import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type WebhookDelivery = Schemas['WebhookDeliveryOutput'];

export function getWebhookDeliveries(
  endpointId: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<WebhookDelivery>> {
  return api.get<Page<WebhookDelivery>>(`/webhooks/endpoints/${String(endpointId)}/deliveries/`, {
    params: { page_size: 50 },
    signal,
  });
}

export function getWebhookDeliveriesQueryOptions(endpointId: number) {
  return queryOptions({
    queryKey: [...WEBHOOKS_QUERY_KEY, 'deliveries', endpointId],
    queryFn: ({ signal }) => getWebhookDeliveries(endpointId, { signal }),
  });
}

export function useWebhookDeliveries(endpointId: number) {
  return useQuery(getWebhookDeliveriesQueryOptions(endpointId));
}
