import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type AccessLogEntry = Schemas['AccessLogOutput'];

/** Who read or changed the signed-in patient's record. */
export function getAccessLog(
  filters: { page?: number; page_size?: number },
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<AccessLogEntry>> {
  return api.get<Page<AccessLogEntry>>('/me/access-log/', { params: filters, signal });
}

export function getAccessLogQueryOptions(filters: { page?: number; page_size?: number } = {}) {
  return queryOptions({
    queryKey: ['access-log', filters],
    queryFn: ({ signal }) => getAccessLog(filters, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAccessLog(filters: { page?: number; page_size?: number } = {}) {
  return useQuery(getAccessLogQueryOptions(filters));
}
