import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type Patient = Schemas['PatientOutput'];
export type PatientFilters = { search?: string; page?: number; page_size?: number };

export const PATIENTS_QUERY_KEY = ['patients'] as const;

export function getPatients(
  filters: PatientFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<Patient>> {
  return api.get<Page<Patient>>('/patients/', { params: filters, signal });
}

export function getPatientsQueryOptions(filters: PatientFilters = {}) {
  return queryOptions({
    queryKey: [...PATIENTS_QUERY_KEY, 'list', filters],
    queryFn: ({ signal }) => getPatients(filters, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePatients(filters: PatientFilters = {}) {
  return useQuery(getPatientsQueryOptions(filters));
}
