import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type AuditEvent = Schemas['AuditEventOutput'];
export type AuditOutcome = Schemas['OutcomeEnum'];

export type AuditFilters = {
  action?: string;
  actor?: number;
  patient?: number;
  outcome?: AuditOutcome;
  date_from?: string;
  date_to?: string;
  page?: number;
  page_size?: number;
};

export function getAuditEvents(
  filters: AuditFilters,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<AuditEvent>> {
  return api.get<Page<AuditEvent>>('/audit-events/', { params: filters, signal });
}

export function getAuditEventsQueryOptions(filters: AuditFilters = {}) {
  return queryOptions({
    queryKey: ['audit-events', filters],
    queryFn: ({ signal }) => getAuditEvents(filters, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAuditEvents(filters: AuditFilters = {}) {
  return useQuery(getAuditEventsQueryOptions(filters));
}
