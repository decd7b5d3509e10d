import { useEffect, useState } from 'react';

/**
 * The server's "now", not the browser's: deadlines and countdowns are the system's clock's (in the local runtime a
 * simulated clock that may be weeks ahead of the wall clock). Every API answer's `Date` header moves the estimate;
 * between answers it runs with the browser's clock.
 */
let offsetMs = 0;

export function observeServerDate(header: string | null): void {
  if (!header) return;
  const server = Date.parse(header);
  if (Number.isFinite(server)) offsetMs = server - Date.now();
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** The server's now, ticking every `everyMs` (a countdown's second hand). */
export function useServerNow(everyMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Calls `load` now and every `everyMs` while the page is open (a worklist's lights change as time passes). */
export function usePolling(load: () => void, everyMs: number): void {
  useEffect(() => {
    const timer = setInterval(load, everyMs);
    return () => clearInterval(timer);
  }, [load, everyMs]);
}
