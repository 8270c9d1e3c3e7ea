import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Schemas } from '@/types/api';

export type MfaStatus = Schemas['MfaStatusOutput'];

export const MFA_QUERY_KEY = ['mfa'] as const;

export function getMfaStatus({ signal }: { signal?: AbortSignal } = {}): Promise<MfaStatus> {
  return api.get<MfaStatus>('/me/mfa/', { signal });
}

export function getMfaStatusQueryOptions() {
  return queryOptions({
    queryKey: MFA_QUERY_KEY,
    queryFn: ({ signal }) => getMfaStatus({ signal }),
  });
}

export function useMfaStatus() {
  return useQuery(getMfaStatusQueryOptions());
}
