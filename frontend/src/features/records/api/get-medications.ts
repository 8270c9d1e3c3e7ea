import { queryOptions, useQuery } from '@tanstack/react-query';

import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type Medication = Schemas['MedicationOutput'];
export type MedicationFilters = { patient?: number; active?: boolean; page_size?: number };

export function getMedications(
  filters: MedicationFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<Medication>> {
  return api.get<Page<Medication>>('/medications/', { params: filters, signal });
}

export function getMedicationsQueryOptions(filters: MedicationFilters) {
  return queryOptions({
    queryKey: [...RECORDS_QUERY_KEY, 'medications', filters],
    queryFn: ({ signal }) => getMedications(filters, { signal }),
  });
}

export function useMedications(filters: MedicationFilters) {
  return useQuery(getMedicationsQueryOptions(filters));
}
