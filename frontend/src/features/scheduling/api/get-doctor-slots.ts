import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type DoctorSlots = Schemas['DoctorSlotsOutput'];
export type Slot = Schemas['SlotOutput'];

export const SLOTS_QUERY_KEY = ['slots'] as const;

/** The doctor's free slots on one clinic-local day (YYYY-MM-DD). */
export function getDoctorSlots(
  doctorId: number,
  date: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DoctorSlots> {
  return api.get<DoctorSlots>(`/doctors/${String(doctorId)}/slots/`, { params: { date }, signal });
}

export function getDoctorSlotsQueryOptions(doctorId: number, date: string) {
  return queryOptions({
    queryKey: [...SLOTS_QUERY_KEY, 'doctor', doctorId, date],
    queryFn: ({ signal }) => getDoctorSlots(doctorId, date, { signal }),
    // Free slots change as others book: never trust an old list for long.
    staleTime: 10_000,
  });
}

export function useDoctorSlots(doctorId: number | null, date: string) {
  return useQuery({
    ...getDoctorSlotsQueryOptions(doctorId ?? 0, date),
    enabled: doctorId !== null && date !== '',
  });
}
