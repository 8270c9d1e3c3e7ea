import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page, Schemas } from '@/types/api';

export type Person = Schemas['PersonMatchOutput'];
export type PersonRole = Schemas['RoleEnum'];

/** The API refuses shorter look-ups; the typeahead waits for this many characters. */
export const PEOPLE_QUERY_MIN_LENGTH = 2;
const SUGGESTIONS = 10;

export type PeopleQuery = { q: string; role?: PersonRole | undefined };

/** Accounts whose name, username or e-mail holds every word typed (admins only). */
export function getPeople(
  { q, role }: PeopleQuery,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page<Person>> {
  return api.get<Page<Person>>('/people/', {
    params: { q, role, page_size: SUGGESTIONS },
    signal,
  });
}

export function getPeopleQueryOptions(query: PeopleQuery) {
  return queryOptions({
    queryKey: ['people', query],
    queryFn: ({ signal }) => getPeople(query, { signal }),
    staleTime: 60_000,
  });
}

export function usePeople(query: PeopleQuery) {
  return useQuery({
    ...getPeopleQueryOptions(query),
    enabled: query.q.trim().length >= PEOPLE_QUERY_MIN_LENGTH,
  });
}
