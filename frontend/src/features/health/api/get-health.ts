import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

// Written by hand until src/types/api.gen.ts is generated from the OpenAPI schema.
export type Health = {
  status: string;
  database: string;
};

export function getHealth({ signal }: { signal?: AbortSignal } = {}): Promise<Health> {
  return api.get<Health>('/health/', { signal });
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
