import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type ApiClient = Schemas['ApiClientOutput'];
export type ApiClientWithSecret = Schemas['ApiClientWithSecretOutput'];
export type Scope = Schemas['ScopesEnum'];

export const API_CLIENTS_QUERY_KEY = ['api-clients'] as const;

export function getApiClients({ signal }: { signal?: AbortSignal } = {}): Promise<Page<ApiClient>> {
  return api.get<Page<ApiClient>>('/api-clients/', { params: { page_size: 100 }, signal });
}

export function getApiClientsQueryOptions() {
  return queryOptions({
    queryKey: [...API_CLIENTS_QUERY_KEY, 'list'],
    queryFn: ({ signal }) => getApiClients({ signal }),
  });
}

export function useApiClients() {
  return useQuery(getApiClientsQueryOptions());
}
