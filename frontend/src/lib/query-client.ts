import { type Query, QueryClient } from '@tanstack/react-query';

import { ApiError } from '@/lib/api-client';

const MAX_RETRIES = 2;

function shouldRetry(failureCount: number, error: Error): boolean {
  // A 4xx would answer the same again; only a network error or a 5xx may be transient.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    return false;
  }
  return failureCount < MAX_RETRIES;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 30_000,
      },
    },
  });
}

/**
 * Query meta for what the user's own actions change on the server besides their own data: a
 * booking, a cancellation or a read notification changes the unread count. Such queries are
 * fetched again after every successful mutation, instead of waiting for their next poll.
 */
export const REFRESH_AFTER_OWN_ACTIONS = { refreshAfterOwnActions: true } as const;

function refreshesAfterOwnActions(query: Query): boolean {
  return query.meta?.refreshAfterOwnActions === true;
}

/** Refreshes the REFRESH_AFTER_OWN_ACTIONS queries after each successful mutation; returns the unsubscribe. */
export function refreshAfterOwnActions(queryClient: QueryClient): () => void {
  return queryClient.getMutationCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'success') {
      void queryClient.invalidateQueries({ predicate: refreshesAfterOwnActions });
    }
  });
}
