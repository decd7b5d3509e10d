/**
 * The one clock. Every "now" in the system comes from here. In AWS it is the Lambda's real time; the local
 * runtime's simulated clock replaces the process's Date (and timers), so this stays the only place to read time.
 */
export function now(): Date {
  return new Date(Date.now());
}
