import { queryOptions, useQuery } from '@tanstack/react-query';

import { WEBHOOKS_QUERY_KEY } from '@/features/webhooks/api/get-webhook-endpoints';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type WebhookEventTypeInfo = Schemas['EventTypeOutput'];

export function getWebhookEventTypes({ signal }: { signal?: AbortSignal } = {}): Promise<
  WebhookEventTypeInfo[]
> {
  return api.get<WebhookEventTypeInfo[]>('/webhooks/event-types/', { signal });
}

export function getWebhookEventTypesQueryOptions() {
  return queryOptions({
    queryKey: [...WEBHOOKS_QUERY_KEY, 'event-types'],
    queryFn: ({ signal }) => getWebhookEventTypes({ signal }),
    staleTime: Infinity,
  });
}

export function useWebhookEventTypes() {
  return useQuery(getWebhookEventTypesQueryOptions());
}
