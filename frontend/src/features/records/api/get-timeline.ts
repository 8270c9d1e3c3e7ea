import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type TimelineItem = Schemas['TimelineItemOutput'];
export type TimelineKind = Schemas['TimelineItemOutputKindEnum'];
export type TimelineFilters = { kind?: TimelineKind; page?: number; page_size?: number };

export const RECORDS_QUERY_KEY = ['records'] as const;

export function getTimeline(
  patientId: number,
  filters: TimelineFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<TimelineItem>> {
  return api.get<Page<TimelineItem>>(`/patients/${String(patientId)}/timeline/`, {
    params: filters,
    signal,
  });
}

export function getTimelineQueryOptions(patientId: number, filters: TimelineFilters = {}) {
  return queryOptions({
    queryKey: [...RECORDS_QUERY_KEY, 'timeline', patientId, filters],
    queryFn: ({ signal }) => getTimeline(patientId, filters, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTimeline(patientId: number, filters: TimelineFilters = {}) {
  return useQuery(getTimelineQueryOptions(patientId, filters));
}
