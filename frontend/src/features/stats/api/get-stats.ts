import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type Stats = Schemas['StatsOutput'];
export type StatsRange = { date_from: string; date_to: string };

/** Appointments per day, cancellations and no-shows per doctor, slot utilisation (admins). */
export function getStats(range: StatsRange, { signal }: { signal?: AbortSignal } = {}) {
  return api.get<Stats>('/stats/', { params: range, signal });
}

export function getStatsQueryOptions(range: StatsRange) {
  return queryOptions({
    queryKey: ['stats', range],
    queryFn: ({ signal }) => getStats(range, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useStats(range: StatsRange) {
  return useQuery(getStatsQueryOptions(range));
}
