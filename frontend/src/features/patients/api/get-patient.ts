import { queryOptions, useQuery } from '@tanstack/react-query';

import { PATIENTS_QUERY_KEY, type Patient } from '@/features/patients/api/get-patients';
import { api } from '@/lib/api-client';

export function getPatient(
  id: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Patient> {
  return api.get<Patient>(`/patients/${String(id)}/`, { signal });
}

export function getPatientQueryOptions(id: number) {
  return queryOptions({
    queryKey: [...PATIENTS_QUERY_KEY, 'detail', id],
    queryFn: ({ signal }) => getPatient(id, { signal }),
  });
}

export function usePatient(id: number) {
  return useQuery(getPatientQueryOptions(id));
}
