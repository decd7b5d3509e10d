// EventBridge Scheduler's schedule expressions — `rate(...)`, `cron(...)` and `at(...)` — parsed and evaluated in a
// time zone, so that the schedule table is checked at synth and at start, and the local runtime fires each schedule
// at the instants EventBridge Scheduler would. Pure: no I/O, no clock (the caller says "after when").
//
// Written here rather than taken from a cron library: the common ones (cron-parser, croner) read Unix or Quartz
// cron, not AWS's — no year field, or days of week numbered from 0 — and a translation layer would be its own
// source of off-by-one bugs. AWS's syntax is small: minutes hours day-of-month month day-of-week year, with
// `, - * /` everywhere but day-of-week (no `/`), `?` in exactly one of the two day fields, `L` and `nW` in
// day-of-month, `L`, `nL` and `n#k` in day-of-week, and names JAN-DEC, SUN-SAT (1 = SUN … 7 = SAT).
// We accept only what AWS documents: an expression refused here would be refused at deploy, not the other way round.

export type ScheduleExpression =
  | { readonly kind: 'rate'; readonly expression: string; readonly periodMs: number }
  | { readonly kind: 'cron'; readonly expression: string; readonly timeZone: string; readonly cron: Cron }
  | { readonly kind: 'at'; readonly expression: string; readonly timeZone: string; readonly instantMs: number };

type DaySpec =
  | { readonly kind: 'days-of-month'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'last-day-of-month' }
  | { readonly kind: 'nearest-weekday'; readonly day: number }
  | { readonly kind: 'days-of-week'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'nth-day-of-week'; readonly dayOfWeek: number; readonly nth: number }
  | { readonly kind: 'last-day-of-week'; readonly dayOfWeek: number };

export interface Cron {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly day: DaySpec;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
}

const MINUTE_MS = 60_000;
const RATE_UNIT_MS = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: 24 * 60 * MINUTE_MS } as const;
const MIN_YEAR = 1970;
const MAX_YEAR = 2199;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Parses an expression for `timeZone` (IANA name; `rate` ignores it). Throws an Error saying what is wrong. */
export function parseScheduleExpression(expression: string, timeZone: string): ScheduleExpression {
  const text = expression.trim();
  assertTimeZone(timeZone);
  const rate = /^rate\((.*)\)$/.exec(text);
  if (rate) return { kind: 'rate', expression: text, periodMs: parseRate(rate[1] as string, text) };
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return { kind: 'cron', expression: text, timeZone, cron: parseCron(cron[1] as string, text) };
  const at = /^at\((.*)\)$/.exec(text);
  if (at) return { kind: 'at', expression: text, timeZone, instantMs: parseAt(at[1] as string, text, timeZone) };
  throw new Error(`${expression} is not rate(...), cron(...) or at(...)`);
}

/**
 * The first instant strictly after `afterMs` at which the schedule fires, or undefined if it never fires again.
 * A rate schedule fires every whole period from `anchorMs` (when it was started). Cron: a wall time that does not
 * exist in the time zone (clocks moved forward) is skipped; one that happens twice (clocks moved back) fires once,
 * at its first occurrence — what EventBridge Scheduler does.
 */
export function nextFire(schedule: ScheduleExpression, afterMs: number, anchorMs: number): number | undefined {
  switch (schedule.kind) {
    case 'rate': {
      const periods = afterMs < anchorMs ? 0 : Math.floor((afterMs - anchorMs) / schedule.periodMs);
      return anchorMs + (periods + 1) * schedule.periodMs;
    }
    case 'at':
      return schedule.instantMs > afterMs ? schedule.instantMs : undefined;
    case 'cron':
      return nextCron(schedule.cron, schedule.timeZone, afterMs);
  }
}

// ---- rate and at ---------------------------------------------------------------------------------------------

function parseRate(body: string, text: string): number {
  const match = /^(\d+) (minute|hour|day)(s?)$/.exec(body);
  if (!match) throw new Error(`${text}: a rate is rate(N minute[s]|hour[s]|day[s])`);
  const n = Number(match[1]);
  if (n < 1) throw new Error(`${text}: a rate must be at least 1`);
  // AWS: singular for 1, plural otherwise ("rate(1 hour)", "rate(5 minutes)").
  if ((n === 1) !== (match[3] === '')) throw new Error(`${text}: a rate says "1 ${match[2]}" or "N ${match[2]}s"`);
  return n * RATE_UNIT_MS[match[2] as keyof typeof RATE_UNIT_MS];
}

function parseAt(body: string, text: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) throw new Error(`${text}: a one-time schedule is at(yyyy-mm-ddThh:mm:ss)`);
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    throw new Error(`${text}: at(...) names no real date and time`);
  }
  const instant = firstInstantOf({ y, mo, d, h, mi }, timeZone);
  if (instant === undefined) throw new Error(`${text}: that wall time does not exist in ${timeZone}`);
  return instant + s * 1000;
}

// ---- cron: parsing -------------------------------------------------------------------------------------------

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** The value of names[0]. */
  readonly firstName?: number;
  readonly steps: boolean;
}

const MINUTES: FieldRule = { name: 'minutes', min: 0, max: 59, steps: true };
const HOURS: FieldRule = { name: 'hours', min: 0, max: 23, steps: true };
const DAY_OF_MONTH: FieldRule = { name: 'day-of-month', min: 1, max: 31, steps: true };
const MONTH: FieldRule = { name: 'month', min: 1, max: 12, names: MONTHS, firstName: 1, steps: true };
const DAY_OF_WEEK: FieldRule = { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, firstName: 1, steps: false };
const YEAR: FieldRule = { name: 'year', min: MIN_YEAR, max: MAX_YEAR, steps: true };

function parseCron(body: string, text: string): Cron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(`${text}: a cron expression has 6 fields (minutes hours day-of-month month day-of-week year)`);
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const fail = (rule: FieldRule, why: string): never => {
    throw new Error(`${text}: ${rule.name} ${why}`);
  };
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new Error(`${text}: exactly one of day-of-month and day-of-week must be ?`);
  }
  let day: DaySpec;
  if (dayOfWeek === '?') {
    if (dayOfMonth === 'L') day = { kind: 'last-day-of-month' };
    else if (/^\d+W$/.test(dayOfMonth)) {
      const n = Number(dayOfMonth.slice(0, -1));
      if (n < 1 || n > 31) fail(DAY_OF_MONTH, `${dayOfMonth}: the day must be 1-31`);
      day = { kind: 'nearest-weekday', day: n };
    } else day = { kind: 'days-of-month', days: new Set(parseList(dayOfMonth, DAY_OF_MONTH, fail)) };
  } else {
    const last = /^(\w+)?L$/.exec(dayOfWeek);
    const nth = /^(\w+)#(\d+)$/.exec(dayOfWeek);
    if (dayOfWeek === 'L')
      day = { kind: 'days-of-week', days: new Set([7]) }; // L alone: the week's last day
    else if (last) day = { kind: 'last-day-of-week', dayOfWeek: parseValue(last[1] as string, DAY_OF_WEEK, fail) };
    else if (nth) {
      const k = Number(nth[2]);
      if (k < 1 || k > 5) fail(DAY_OF_WEEK, `${dayOfWeek}: # takes 1-5`);
      day = { kind: 'nth-day-of-week', dayOfWeek: parseValue(nth[1] as string, DAY_OF_WEEK, fail), nth: k };
    } else day = { kind: 'days-of-week', days: new Set(parseList(dayOfWeek, DAY_OF_WEEK, fail)) };
  }
  return {
    minutes: parseList(minutes, MINUTES, fail),
    hours: parseList(hours, HOURS, fail),
    day,
    months: new Set(parseList(month, MONTH, fail)),
    years: new Set(parseList(year, YEAR, fail)),
  };
}

/** A field of `,`-separated items, each `*`, `v`, `a-b`, or (where the field allows) `*\/n`, `a/n`, `a-b/n`. */
function parseList(field: string, rule: FieldRule, fail: (rule: FieldRule, why: string) => never): number[] {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || range === undefined || range === '') fail(rule, `${field}: "${item}" is not a value`);
    if (step !== undefined && !rule.steps) fail(rule, `${field}: takes no /`);
    let low: number;
    let high: number;
    if (range === '*') [low, high] = [rule.min, rule.max];
    else if (range?.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) fail(rule, `${field}: "${item}" is not a range`);
      low = parseValue(a as string, rule, fail);
      high = parseValue(b as string, rule, fail);
      if (low > high) fail(rule, `${field}: the range ${range} runs backwards`);
    } else {
      low = parseValue(range as string, rule, fail);
      high = step === undefined ? low : rule.max; // "a/n": from a to the end of the field
    }
    let by = 1;
    if (step !== undefined) {
      if (!/^\d+$/.test(step) || Number(step) < 1) fail(rule, `${field}: the step ${step} must be a positive number`);
      by = Number(step);
    }
    for (let v = low; v <= high; v += by) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(text: string, rule: FieldRule, fail: (rule: FieldRule, why: string) => never): number {
  let value: number | undefined;
  if (/^\d+$/.test(text)) value = Number(text);
  else if (rule.names) {
    const index = rule.names.indexOf(text.toUpperCase());
    if (index >= 0) value = index + (rule.firstName ?? 0);
  }
  if (value === undefined || value < rule.min || value > rule.max) {
    return fail(rule, `"${text}" is not in ${rule.min}-${rule.max}${rule.names ? ' or a name' : ''}`);
  }
  return value;
}

// ---- cron: evaluation ----------------------------------------------------------------------------------------

interface Wall {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
}

function nextCron(cron: Cron, timeZone: string, afterMs: number): number | undefined {
  const start = wallOf(afterMs, timeZone);
  let { y, mo, d } = start;
  let firstDay = true;
  while (y <= MAX_YEAR) {
    if (!cron.years.has(y)) {
      [y, mo, d, firstDay] = [y + 1, 1, 1, false];
      continue;
    }
    if (!cron.months.has(mo)) {
      [y, mo, d, firstDay] = [mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1, false];
      continue;
    }
    if (dayMatches(cron.day, y, mo, d)) {
      for (const h of cron.hours) {
        // Earlier wall times of the first day came before `afterMs` (their first occurrence did).
        if (firstDay && h < start.h) continue;
        for (const mi of cron.minutes) {
          if (firstDay && h === start.h && mi < start.mi) continue;
          const instant = firstInstantOf({ y, mo, d, h, mi }, timeZone);
          if (instant !== undefined && instant > afterMs) return instant;
        }
      }
    }
    firstDay = false;
    if (d < daysInMonth(y, mo)) d++;
    else [y, mo, d] = [mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1];
  }
  return undefined;
}

function dayMatches(spec: DaySpec, y: number, mo: number, d: number): boolean {
  const last = daysInMonth(y, mo);
  switch (spec.kind) {
    case 'days-of-month':
      return spec.days.has(d);
    case 'last-day-of-month':
      return d === last;
    case 'nearest-weekday': {
      if (spec.day > last) return false;
      const wd = dayOfWeek(y, mo, spec.day);
      let target = spec.day;
      // Saturday → the Friday before, Sunday → the Monday after; never into another month.
      if (wd === 7) target = spec.day === 1 ? 3 : spec.day - 1;
      else if (wd === 1) target = spec.day === last ? spec.day - 2 : spec.day + 1;
      return d === target;
    }
    case 'days-of-week':
      return spec.days.has(dayOfWeek(y, mo, d));
    case 'nth-day-of-week':
      return dayOfWeek(y, mo, d) === spec.dayOfWeek && Math.ceil(d / 7) === spec.nth;
    case 'last-day-of-week':
      return dayOfWeek(y, mo, d) === spec.dayOfWeek && d + 7 > last;
  }
}

/** AWS numbering: 1 = Sunday … 7 = Saturday. Calendar arithmetic only (UTC fields, no zone involved). */
function dayOfWeek(y: number, mo: number, d: number): number {
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 1;
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

// ---- time zones ----------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function assertTimeZone(timeZone: string): void {
  try {
    formatter(timeZone);
  } catch {
    throw new Error(`"${timeZone}" is not a time zone (an IANA name such as Asia/Shanghai)`);
  }
}

/** The wall clock in `timeZone` at an instant, to the minute (and its seconds, for the offset). */
function wallOf(instantMs: number, timeZone: string): Wall & { readonly s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year as number,
    mo: parts.month as number,
    d: parts.day as number,
    h: parts.hour as number,
    mi: parts.minute as number,
    s: parts.second as number,
  };
}

function offsetAt(instantMs: number, timeZone: string): number {
  const w = wallOf(instantMs, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(instantMs / 1000) * 1000;
}

/** The earliest instant whose wall clock in `timeZone` reads `wall` (to the minute), or undefined if none does. */
function firstInstantOf(wall: Wall, timeZone: string): number | undefined {
  const asUtc = Date.UTC(wall.y, wall.mo - 1, wall.d, wall.h, wall.mi);
  const day = 24 * 60 * MINUTE_MS;
  let best: number | undefined;
  // The offsets in force a day either side cover any one transition near this wall time.
  for (const offset of new Set([
    offsetAt(asUtc - day, timeZone),
    offsetAt(asUtc, timeZone),
    offsetAt(asUtc + day, timeZone),
  ])) {
    const candidate = asUtc - offset;
    const w = wallOf(candidate, timeZone);
    const same = w.y === wall.y && w.mo === wall.mo && w.d === wall.d && w.h === wall.h && w.mi === wall.mi;
    if (same && (best === undefined || candidate < best)) best = candidate;
  }
  return best;
}
