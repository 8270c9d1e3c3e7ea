import { ApiError } from '@/lib/api-client';

/** What a 409 from the records API means for the person who tried, or null for any other error. */
export function conflictText(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) {
    return null;
  }
  if (error.code === 'stale_version') {
    return 'Someone else changed this entry since you opened it. Cancel to see the current version, then make your change again.';
  }
  if (error.code === 'medication_ended') {
    return 'This medication has ended, so only its notes can change. To continue it, prescribe it again.';
  }
  return error.detail;
}
