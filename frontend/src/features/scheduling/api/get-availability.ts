import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type Availability = Schemas['AvailabilityOutput'];
export type AvailabilityRule = Schemas['Rule'];
export type AvailabilityException = Schemas['Exception'];

export const AVAILABILITY_QUERY_KEY = ['availability'] as const;

export function getAvailability(
  doctorId: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Availability> {
  return api.get<Availability>(`/doctors/${String(doctorId)}/availability/`, { signal });
}

export function getAvailabilityQueryOptions(doctorId: number) {
  return queryOptions({
    queryKey: [...AVAILABILITY_QUERY_KEY, doctorId],
    queryFn: ({ signal }) => getAvailability(doctorId, { signal }),
  });
}

export function useAvailability(doctorId: number) {
  return useQuery(getAvailabilityQueryOptions(doctorId));
}
