import { ApiError } from '@/lib/api-client';

/** First wait before asking the server again, and the longest (the wait doubles in between). */
export const recoveryTiming = { firstCheckMs: 2_000, longestCheckMs: 30_000 };

/** The server could not be reached or said it is down for a moment (not a bug or a refusal). */
export function isOutage(error: unknown): boolean {
  return error instanceof ApiError && [0, 502, 503, 504].includes(error.status);
}
