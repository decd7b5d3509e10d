/**
 * Which months to ask the evaluation for, from the server's now (web/src/server-time.ts `serverNow`, never the
 * browser's clock: the local runtime's clock is simulated) in China's calendar whatever the browser's zone.
 */

/** `YYYY-MM-DD` of an instant in Asia/Shanghai. */
export function chinaDate(instantMs: number): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instantMs));
}

/** The month (`YYYY-MM`) an instant falls in, China time. */
export function monthOf(instantMs: number): string {
  return chinaDate(instantMs).slice(0, 7);
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** Every month of the year of `now`, January through the month of `now` (the trend's months). */
export function monthsOfYearThrough(instantMs: number): string[] {
  const month = monthOf(instantMs);
  const [year, last] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: last }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
