import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';

import { getHealth } from '@/features/health/api/get-health';
import { isOutage, recoveryTiming } from '@/features/health/lib/outage';

function refetchFailed(queryClient: QueryClient) {
  return queryClient.refetchQueries({
    type: 'active',
    predicate: (query) => query.state.status === 'error',
  });
}

/**
 * While the API is unreachable, says so once for the whole page and offers Retry; asks the server's
 * health again and again (2 s, doubling to 30 s) and, once it answers, fetches what failed meanwhile,
 * so every page recovers by itself.
 */
export function ServiceRecovery() {
  const queryClient = useQueryClient();
  const [down, setDown] = useState(false);
  const [checking, setChecking] = useState(false);
  // Counts failed checks: each one schedules the next (a count changes even when React batches
  // a quick check's start and end into one render).
  const [failures, setFailures] = useState(0);
  const wait = useRef(recoveryTiming.firstCheckMs);

  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (
          event.type === 'updated' &&
          event.action.type === 'error' &&
          isOutage(event.action.error)
        ) {
          setDown(true);
        }
      }),
    [queryClient],
  );

  const check = useCallback(async () => {
    setChecking(true);
    try {
      await getHealth();
      wait.current = recoveryTiming.firstCheckMs;
      setDown(false);
      await refetchFailed(queryClient);
    } catch {
      wait.current = Math.min(wait.current * 2, recoveryTiming.longestCheckMs);
      setFailures((count) => count + 1);
    } finally {
      setChecking(false);
    }
  }, [queryClient]);

  useEffect(() => {
    if (!down) {
      return undefined;
    }
    const timer = window.setTimeout(() => void check(), wait.current);
    return () => {
      window.clearTimeout(timer);
    };
  }, [down, failures, check]);

  if (!down) {
    return null;
  }
  return (
    <div role="alert" className="alert alert-error service-recovery">
      <p>
        We cannot reach the clinic’s server right now. This page will catch up by itself as soon as
        it is back.
      </p>
      <button
        type="button"
        className="button button-secondary"
        disabled={checking}
        onClick={() => {
          wait.current = recoveryTiming.firstCheckMs;
          void check();
        }}
      >
        {checking ? 'Trying…' : 'Retry now'}
      </button>
    </div>
  );
}
