import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type Nurse = Schemas['NurseOutput'];
export type NurseFilters = { search?: string; page?: number; page_size?: number };

export const NURSES_QUERY_KEY = ['nurses'] as const;

export function getNurses(
  filters: NurseFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<Nurse>> {
  return api.get<Page<Nurse>>('/nurses/', { params: filters, signal });
}

export function getNursesQueryOptions(filters: NurseFilters = {}) {
  return queryOptions({
    queryKey: [...NURSES_QUERY_KEY, 'list', filters],
    queryFn: ({ signal }) => getNurses(filters, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useNurses(filters: NurseFilters = {}) {
  return useQuery(getNursesQueryOptions(filters));
}
