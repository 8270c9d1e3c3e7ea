import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type RecordEntry = Schemas['RecordEntryOutput'];
export type RecordFilters = {
  patient?: number;
  ordering?: string;
  page?: number;
  page_size?: number;
};

export function getRecords(
  filters: RecordFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<RecordEntry>> {
  return api.get<Page<RecordEntry>>('/records/', { params: filters, signal });
}

export function getRecordsQueryOptions(filters: RecordFilters) {
  return queryOptions({
    queryKey: [...RECORDS_QUERY_KEY, 'entries', filters],
    queryFn: ({ signal }) => getRecords(filters, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useRecords(filters: RecordFilters) {
  return useQuery(getRecordsQueryOptions(filters));
}
