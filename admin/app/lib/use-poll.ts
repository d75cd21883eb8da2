import { useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';

/**
 * Re-runs the page's loaders every `intervalMs` while `active`, one request at a time: the next
 * one is scheduled only once the last has answered, so a slow API is never piled on.
 */
export function usePoll(active: boolean, intervalMs = 1000) {
  const revalidator = useRevalidator();
  const idle = revalidator.state === 'idle';
  useEffect(() => {
    if (!active || !idle) return;
    const timer = window.setTimeout(() => revalidator.revalidate(), intervalMs);
    return () => window.clearTimeout(timer);
  }, [active, idle, intervalMs, revalidator]);
}
