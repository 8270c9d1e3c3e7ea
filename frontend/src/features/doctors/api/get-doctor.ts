import { queryOptions, useQuery } from '@tanstack/react-query';

import { DOCTORS_QUERY_KEY, type Doctor } from '@/features/doctors/api/get-doctors';
import { api } from '@/lib/api-client';

export function getDoctor(id: number, { signal }: { signal?: AbortSignal } = {}): Promise<Doctor> {
  return api.get<Doctor>(`/doctors/${String(id)}/`, { signal });
}

export function getDoctorQueryOptions(id: number) {
  return queryOptions({
    queryKey: [...DOCTORS_QUERY_KEY, 'detail', id],
    queryFn: ({ signal }) => getDoctor(id, { signal }),
  });
}

export function useDoctor(id: number) {
  return useQuery(getDoctorQueryOptions(id));
}
