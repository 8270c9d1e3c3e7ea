import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type AccessLogLine = Schemas['AccessLogGroupOutput'];
export type AccessActivity = Schemas['AccessActivityOutput'];

/** Who read or changed the signed-in patient's record: one line per person, clinic day and outcome. */
export function getAccessLog(
  filters: { page?: number; page_size?: number },
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<AccessLogLine>> {
  return api.get<Page<AccessLogLine>>('/me/access-log/', { params: filters, signal });
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
