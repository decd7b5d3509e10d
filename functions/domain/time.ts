// China-local dates and instants, by pure offset arithmetic.
//
// Asia/Shanghai has been UTC+8 all year since 1991 (no DST), so every conversion here adds or subtracts a fixed
// 8 hours and then reads the UTC fields of a Date. Nothing in this module reads the process time zone (no
// getDate/getHours/toLocale*): Lambda runs in UTC and tests may run with TZ set to anything.

/** A China-local calendar date, `YYYY-MM-DD` (years 0000–9999). */
export type IsoDate = string;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai offset from UTC, in milliseconds. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC milliseconds of 00:00 UTC on the given proleptic Gregorian date, or NaN if the fields are not a real date. */
function utcMidnight(year: number, month: number, day: number): number {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return Number.NaN;
  return d.getTime();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The UTC fields of `ms` as `YYYY-MM-DD`; throws if the year is outside 0000–9999. */
function utcDateString(ms: number): IsoDate {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!Number.isFinite(ms) || year < 0 || year > 9999) throw new RangeError(`date out of range: ${ms}`);
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function requireInstant(instant: Date): number {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError('invalid instant');
  return t;
}

function requireIsoDate(date: IsoDate): number {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  const ms = m ? utcMidnight(Number(m[1]), Number(m[2]), Number(m[3])) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a valid YYYY-MM-DD date: ${String(date)}`);
  return ms;
}

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2026-02-30, 2026-9-1, …). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  return m !== null && !Number.isNaN(utcMidnight(Number(m[1]), Number(m[2]), Number(m[3])));
}

/** -1, 0 or 1. Both arguments must be valid IsoDates. */
export function compareIsoDate(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const x = requireIsoDate(a);
  const y = requireIsoDate(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The calendar date in Asia/Shanghai at `instant`. */
export function shanghaiDateOf(instant: Date): IsoDate {
  return utcDateString(requireInstant(instant) + SHANGHAI_OFFSET_MS);
}

/** `YYYY-MM-DDTHH:mm:ss+08:00`, seconds precision (milliseconds are truncated). */
export function toShanghaiIso(instant: Date): string {
  const local = requireInstant(instant) + SHANGHAI_OFFSET_MS;
  const d = new Date(local);
  const date = utcDateString(local);
  return `${date}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}+08:00`;
}

/**
 * A Step Functions Wait `Timestamp`: UTC, `Z`, no fraction. An instant with milliseconds is rounded UP to the next
 * whole second, so a Wait never ends before the instant.
 */
export function toUtcWaitTimestamp(instant: Date): string {
  const t = Math.ceil(requireInstant(instant) / 1000) * 1000;
  const iso = new Date(t).toISOString(); // throws RangeError beyond ±275760 years
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`instant out of range: ${iso}`);
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** 00:00:00+08:00 on `date`. */
export function startOfShanghaiDay(date: IsoDate): Date {
  return new Date(requireIsoDate(date) - SHANGHAI_OFFSET_MS);
}

/** 24:00+08:00 on `date`, i.e. 00:00:00+08:00 on the next day. */
export function endOfShanghaiDay(date: IsoDate): Date {
  return new Date(requireIsoDate(date) + DAY_MS - SHANGHAI_OFFSET_MS);
}

/** `date` plus `n` calendar days (n may be negative; must be an integer). */
export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`day count must be an integer: ${n}`);
  return utcDateString(requireIsoDate(date) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(requireIsoDate(date)).getUTCDay();
}

/** The year of a valid IsoDate. */
export function yearOf(date: IsoDate): number {
  requireIsoDate(date);
  return Number(date.slice(0, 4));
}

// YYYY-MM-DDTHH:mm[:ss[.fraction]] followed by Z or a numeric offset (±HH:MM, ±HHMM or ±HH). RFC 3339 allows a
// lower-case t/z. Anything without an offset is rejected: a local time without a zone is ambiguous.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/**
 * Parses an ISO 8601 / RFC 3339 instant that carries `Z` or a numeric offset. Returns undefined for anything else,
 * including out-of-range fields (month 13, 25:00, second 60, offset +24:00). Sub-millisecond digits are truncated.
 */
export function parseInstant(s: string): Date | undefined {
  if (typeof s !== 'string') return undefined;
  const m = INSTANT.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, z, sign, oh, om] = m;
  const midnight = utcMidnight(Number(y), Number(mo), Number(d));
  const hour = Number(h);
  const minute = Number(mi);
  const second = sec === undefined ? 0 : Number(sec);
  if (Number.isNaN(midnight) || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  let offsetMs = 0;
  if (z === undefined) {
    const offH = Number(oh);
    const offM = om === undefined ? 0 : Number(om);
    if (offH > 23 || offM > 59) return undefined;
    offsetMs = (sign === '-' ? -1 : 1) * (offH * HOUR_MS + offM * 60_000);
  }
  const t = midnight + hour * HOUR_MS + minute * 60_000 + second * 1000 + millis - offsetMs;
  const result = new Date(t);
  return Number.isNaN(result.getTime()) ? undefined : result;
}
