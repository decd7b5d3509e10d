import { chinaTime } from '../staff/Timeline.tsx';

/** An instant China-local (Asia/Shanghai) whatever the browser's zone, as the timeline shows it: `2026-10-09 00:00`. */
export function dateTime(iso: string | null | undefined): string {
  return iso ? chinaTime(iso, false) : '—';
}
/** A figure of a table: `—` when nothing was measured (null), never 0. */
export function figure(value: number | null | undefined, unit = ''): string {
  return value === null || value === undefined ? '—' : `${value}${unit}`;
}
