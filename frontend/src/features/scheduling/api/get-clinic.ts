import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type Clinic = Schemas['Clinic'];

export function getClinic({ signal }: { signal?: AbortSignal } = {}): Promise<Clinic> {
  return api.get<Clinic>('/clinic/', { signal, auth: false });
}

export function getClinicQueryOptions() {
  return queryOptions({
    queryKey: ['clinic'],
    queryFn: ({ signal }) => getClinic({ signal }),
    // Settings of the deployment: they change with a restart, not during a visit to the portal.
    staleTime: 60 * 60_000,
  });
}

export function useClinic() {
  return useQuery(getClinicQueryOptions());
}
