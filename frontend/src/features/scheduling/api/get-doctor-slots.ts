import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type DoctorSlots = Schemas['DoctorSlotsOutput'];
export type Slot = Schemas['SlotOutput'];

export const SLOTS_QUERY_KEY = ['slots'] as const;

/** The doctor's free slots from `from` to `to` (clinic-local days, YYYY-MM-DD, at most 31). */
export function getDoctorSlots(
  doctorId: number,
  from: string,
  to: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DoctorSlots> {
  return api.get<DoctorSlots>(`/doctors/${String(doctorId)}/slots/`, {
    params: { from, to },
    signal,
  });
}

export function getDoctorSlotsQueryOptions(doctorId: number, from: string, to: string) {
  return queryOptions({
    queryKey: [...SLOTS_QUERY_KEY, 'doctor', doctorId, from, to],
    queryFn: ({ signal }) => getDoctorSlots(doctorId, from, to, { signal }),
    // Free slots change as others book: never trust an old list for long.
    staleTime: 10_000,
  });
}

/** A week (or any range) of one doctor's free slots in one request. */
export function useDoctorSlots(doctorId: number, from: string, to: string) {
  return useQuery(getDoctorSlotsQueryOptions(doctorId, from, to));
}
