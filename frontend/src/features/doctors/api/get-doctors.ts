import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type Doctor = Schemas['DoctorOutput'];

export type DoctorFilters = {
  search?: string;
  specialty?: string;
  is_active?: boolean;
  accepting_new_patients?: boolean;
  page?: number;
  page_size?: number;
};

export const DOCTORS_QUERY_KEY = ['doctors'] as const;

export function getDoctors(
  filters: DoctorFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<Doctor>> {
  return api.get<Page<Doctor>>('/doctors/', { params: filters, signal });
}

export function getDoctorsQueryOptions(filters: DoctorFilters = {}) {
  return queryOptions({
    queryKey: [...DOCTORS_QUERY_KEY, 'list', filters],
    queryFn: ({ signal }) => getDoctors(filters, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDoctors(filters: DoctorFilters = {}) {
  return useQuery(getDoctorsQueryOptions(filters));
}

/** The specialties in the directory, for the filter (a clinic has a handful of doctors). */
export function useSpecialties() {
  return useQuery({
    ...getDoctorsQueryOptions({ page_size: 100 }),
    select: (page) =>
      [...new Set(page.results.map((doctor) => doctor.specialty))].sort((a, b) =>
        a.localeCompare(b),
      ),
  });
}
