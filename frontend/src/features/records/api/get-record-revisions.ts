import { queryOptions, useQuery } from '@tanstack/react-query';

import { RECORDS_QUERY_KEY } from '@/features/records/api/get-timeline';
import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type RecordRevision = Schemas['RecordRevisionOutput'];

export function getRecordRevisions(
  recordId: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<RecordRevision>> {
  return api.get<Page<RecordRevision>>(`/records/${String(recordId)}/revisions/`, {
    params: { page_size: 100 },
    signal,
  });
}

export function getRecordRevisionsQueryOptions(recordId: number) {
  return queryOptions({
    queryKey: [...RECORDS_QUERY_KEY, 'revisions', recordId],
    queryFn: ({ signal }) => getRecordRevisions(recordId, { signal }),
  });
}

export function useRecordRevisions(recordId: number, { enabled }: { enabled: boolean }) {
  return useQuery({ ...getRecordRevisionsQueryOptions(recordId), enabled });
}
