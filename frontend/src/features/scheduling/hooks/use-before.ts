import { useEffect, useState } from 'react';

/** Whether now is before `deadline` (an ISO instant; null: never), re-rendering when it passes. */
export function useBefore(deadline: string | null | undefined): boolean {
  const [now, setNow] = useState(() => Date.now());
  const end = deadline ? new Date(deadline).getTime() : Number.NaN;
  useEffect(() => {
    if (Number.isNaN(end)) {
      return undefined;
    }
    // Read the clock again at the deadline (or at once, for a deadline that came with new data).
    const timer = setTimeout(
      () => {
        setNow(Date.now());
      },
      Math.max(0, end - Date.now()) + 50,
    );
    return () => {
      clearTimeout(timer);
    };
  }, [end]);
  return now < end;
}
