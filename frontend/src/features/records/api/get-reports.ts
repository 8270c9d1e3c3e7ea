import { queryOptions, useQuery } from '@tanstack/react-query';

import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type Report = Schemas['ReportOutput'];
export type ReportFilters = { patient?: number; page_size?: number };

export function getReports(
  filters: ReportFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<Report>> {
  return api.get<Page<Report>>('/reports/', { params: filters, signal });
}

export function getReportsQueryOptions(filters: ReportFilters) {
  return queryOptions({
    queryKey: [...RECORDS_QUERY_KEY, 'reports', filters],
    queryFn: ({ signal }) => getReports(filters, { signal }),
  });
}

export function useReports(filters: ReportFilters) {
  return useQuery(getReportsQueryOptions(filters));
}
