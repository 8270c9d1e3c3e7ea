import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type Appointment = Schemas['AppointmentOutput'];
export type AppointmentStatus = Schemas['AppointmentOutputStatusEnum'];

export type AppointmentFilters = {
  doctor?: number;
  patient?: number;
  status?: AppointmentStatus;
  date_from?: string;
  date_to?: string;
  search?: string;
  ordering?: 'start' | '-start' | 'created_at' | '-created_at';
  page?: number;
  page_size?: number;
};

export const APPOINTMENTS_QUERY_KEY = ['appointments'] as const;

export function getAppointments(
  filters: AppointmentFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<Appointment>> {
  return api.get<Page<Appointment>>('/appointments/', { params: filters, signal });
}

export function getAppointmentsQueryOptions(filters: AppointmentFilters = {}) {
  return queryOptions({
    queryKey: [...APPOINTMENTS_QUERY_KEY, 'list', filters],
    queryFn: ({ signal }) => getAppointments(filters, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** `refetchInterval`: a schedule refreshes by itself, so new bookings and cancellations appear. */
export function useAppointments(
  filters: AppointmentFilters = {},
  { refetchInterval }: { refetchInterval?: number } = {},
) {
  return useQuery({
    ...getAppointmentsQueryOptions(filters),
    ...(refetchInterval ? { refetchInterval } : {}),
  });
}
