import { queryOptions, useQuery } from '@tanstack/react-query';

import { SLOTS_QUERY_KEY } from '@/features/scheduling/api/get-doctor-slots';
import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type NextSlots = Schemas['SlotsNextOutput'];
export type NextSlot = Schemas['NextSlotOutput'];
export type NextSlotFilters = { specialty?: string; doctor?: number; limit?: number };

export function getNextSlots(
  filters: NextSlotFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<NextSlots> {
  return api.get<NextSlots>('/slots/next/', { params: filters, signal });
}

export function getNextSlotsQueryOptions(filters: NextSlotFilters) {
  return queryOptions({
    queryKey: [...SLOTS_QUERY_KEY, 'next', filters],
    queryFn: ({ signal }) => getNextSlots(filters, { signal }),
    staleTime: 10_000,
  });
}

/** Runs once `filters` is not null (the user asked). */
export function useNextSlots(filters: NextSlotFilters | null) {
  return useQuery({ ...getNextSlotsQueryOptions(filters ?? {}), enabled: filters !== null });
}
