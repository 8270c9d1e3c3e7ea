import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';

import { ApiError } from '@/lib/api-client';
import {
  createQueryClient,
  REFRESH_AFTER_OWN_ACTIONS,
  refreshAfterOwnActions,
} from '@/lib/query-client';

function retryPolicy() {
  const retry = createQueryClient().getDefaultOptions().queries?.retry;
  if (typeof retry !== 'function') {
    throw new Error('expected a retry function');
  }
  return retry;
}

describe('query client', () => {
  it('does not retry an answer in the 4xx range', () => {
    const notFound = new ApiError(404, { code: 'not_found', detail: 'Not found.' });

    expect(retryPolicy()(0, notFound)).toBe(false);
  });

  it('retries a 5xx answer or a network error twice', () => {
    const retry = retryPolicy();
    const unavailable = new ApiError(503, { code: 'http_error', detail: 'Unavailable' });
    const offline = new ApiError(0, { code: 'network_error', detail: 'Offline' });

    expect([0, 1, 2].map((count) => retry(count, unavailable))).toEqual([true, true, false]);
    expect([0, 1, 2].map((count) => retry(count, offline))).toEqual([true, true, false]);
  });

  it('refreshes the queries marked REFRESH_AFTER_OWN_ACTIONS after a mutation succeeds, only then', async () => {
    const queryClient = createQueryClient();
    const fetches = { marked: 0, unmarked: 0 };
    const marked = new QueryObserver(queryClient, {
      queryKey: ['marked'],
      queryFn: () => ++fetches.marked,
      meta: REFRESH_AFTER_OWN_ACTIONS,
    });
    const unmarked = new QueryObserver(queryClient, {
      queryKey: ['unmarked'],
      queryFn: () => ++fetches.unmarked,
      staleTime: 0,
    });
    const stop = [marked.subscribe(() => undefined), unmarked.subscribe(() => undefined)];
    const unsubscribe = refreshAfterOwnActions(queryClient);
    await vi.waitFor(() => {
      expect(fetches).toEqual({ marked: 1, unmarked: 1 });
    });

    const refused = new ApiError(409, { code: 'slot_taken', detail: 'Taken.' });
    await queryClient
      .getMutationCache()
      .build(queryClient, { mutationFn: () => Promise.reject(refused) })
      .execute(undefined)
      .catch(() => undefined);
    expect(fetches).toEqual({ marked: 1, unmarked: 1 });

    await queryClient
      .getMutationCache()
      .build(queryClient, { mutationFn: () => Promise.resolve('booked') })
      .execute(undefined);
    await vi.waitFor(() => {
      expect(fetches.marked).toBe(2);
    });
    expect(fetches.unmarked).toBe(1);

    unsubscribe();
    stop.forEach((end) => {
      end();
    });
  });
});
