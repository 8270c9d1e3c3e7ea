import { queryOptions, useQuery } from '@tanstack/react-query';

import { NURSES_QUERY_KEY, type Nurse } from '@/features/nurses/api/get-nurses';
import { api } from '@/lib/api-client';

export function getNurse(id: number, { signal }: { signal?: AbortSignal } = {}): Promise<Nurse> {
  return api.get<Nurse>(`/nurses/${String(id)}/`, { signal });
}

export function getNurseQueryOptions(id: number) {
  return queryOptions({
    queryKey: [...NURSES_QUERY_KEY, 'detail', id],
    queryFn: ({ signal }) => getNurse(id, { signal }),
  });
}

export function useNurse(id: number) {
  return useQuery(getNurseQueryOptions(id));
}
