import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type Health = Schemas['Health'];

export function getHealth({ signal }: { signal?: AbortSignal } = {}): Promise<Health> {
  return api.get<Health>('/health/', { signal, auth: false });
}

export function getHealthQueryOptions() {
  return queryOptions({
    queryKey: ['health'],
    queryFn: ({ signal }) => getHealth({ signal }),
    refetchInterval: 60_000,
  });
}

export function useHealth() {
  return useQuery(getHealthQueryOptions());
}
