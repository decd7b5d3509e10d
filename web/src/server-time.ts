import { useEffect, useState } from 'react';
import { config } from './config.ts';

/**
 * The server's "now", not the browser's: deadlines and countdowns are the system's clock's (in the local runtime a
 * simulated clock that may be weeks ahead of the wall clock). Every API answer's `Date` header moves the estimate;
 * between answers it runs with the browser's clock.
 */
let offsetMs = 0;
let lastServerMs: number | undefined;

export function observeServerDate(header: string | null): void {
  if (!header) return;
  const server = Date.parse(header);
  if (!Number.isFinite(server)) return;
  offsetMs = server - Date.now();
  lastServerMs = server;
}

/**
 * A simulated clock (the local runtime's `--simulated-clock`, said in /config.json) stands still until someone moves
 * it: the pages' now is then the last answer's, or a countdown would run ahead for seconds and jump back at the next
 * answer.
 */
export function serverNow(): number {
  const simulated = (config() as { clock?: string }).clock === 'simulated';
  if (simulated && lastServerMs !== undefined) return lastServerMs;
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
