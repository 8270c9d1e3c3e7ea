import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type WebhookEndpoint = Schemas['WebhookEndpointOutput'];
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecretOutput'];
export type WebhookEventType = Schemas['WebhookEventTypeEnum'];

export const WEBHOOKS_QUERY_KEY = ['webhooks'] as const;

export function getWebhookEndpoints({ signal }: { signal?: AbortSignal } = {}): Promise<
  Page<WebhookEndpoint>
> {
  return api.get<Page<WebhookEndpoint>>('/webhooks/endpoints/', {
    params: { page_size: 100 },
    signal,
  });
}

export function getWebhookEndpointsQueryOptions() {
  return queryOptions({
    queryKey: [...WEBHOOKS_QUERY_KEY, 'endpoints'],
    queryFn: ({ signal }) => getWebhookEndpoints({ signal }),
  });
}

export function useWebhookEndpoints() {
  return useQuery(getWebhookEndpointsQueryOptions());
}
