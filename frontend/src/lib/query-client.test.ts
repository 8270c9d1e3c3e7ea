import { describe, expect, it } from 'vitest';

import { ApiError } from '@/lib/api-client';
import { createQueryClient } from '@/lib/query-client';

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
});
