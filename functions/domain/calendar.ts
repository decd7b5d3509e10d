// The Chinese working-day calendar and the deadline rule (docs/rules.md §3).
//
// Data source: the `chinese-days` package. We read its published data file (dist/chinese-days.json, documented in
// its README) and NOT its functions: isWorkday/getDayDetail/getSolarDateFromLunar depend on the process time zone
// even for `YYYY-MM-DD` strings (a string is parsed as UTC midnight, then truncated to the LOCAL day), so under any
// time zone west of UTC they answer for the previous day — e.g. with TZ=America/Los_Angeles, chinese-days 1.5.7
// reports every ordinary Monday as a day off and every ordinary Saturday as a working day. The JSON maps are keyed
// by China-local date strings and do not depend on the time zone.
//
// Coverage: the years present in that file's holiday map (2004–2026 in chinese-days 1.5.7). For later years the
// package silently answers plain Monday–Friday; we instead answer with an explicitly *provisional* rule (below) until
// an administrator loads the year (a YearCalendar override), which also replaces a built-in year if it is wrong.

import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import chineseDaysPackage from 'chinese-days/package.json' with { type: 'json' };
import { addDays, dayOfWeek, type IsoDate, isIsoDate, yearOf } from './time.ts';

// ---------------------------------------------------------------------------------------------------------------
// Built-in data (chinese-days)

interface ChineseDaysData {
  /** date → "English name,中文名,days" for every day off of a holiday period */
  holidays: Record<string, string>;
  /** date → same, for adjusted working weekend days (调休上班) */
  workdays: Record<string, string>;
}

function loadBuiltIn(data: ChineseDaysData): {
  holidays: ReadonlyMap<IsoDate, string>;
  workdays: ReadonlySet<IsoDate>;
  years: readonly number[];
} {
  const holidays = new Map<IsoDate, string>();
  const workdays = new Set<IsoDate>();
  const years = new Set<number>();
  for (const [date, label] of Object.entries(data.holidays)) {
    if (!isIsoDate(date)) throw new Error(`chinese-days: unexpected holiday key ${date}`);
    // "Mid-autumn Festival,中秋,1" → "中秋"
    holidays.set(date, label.split(',')[1] ?? label);
    years.add(yearOf(date));
  }
  for (const date of Object.keys(data.workdays)) {
    if (!isIsoDate(date)) throw new Error(`chinese-days: unexpected workday key ${date}`);
    workdays.add(date);
  }
  return { holidays, workdays, years: Object.freeze([...years].sort((a, b) => a - b)) };
}

const BUILT_IN = loadBuiltIn(chineseDaysData as ChineseDaysData);

/** Years with published data in the installed chinese-days (detected from its data file, not hard-coded). */
export const BUILT_IN_YEARS: readonly number[] = BUILT_IN.years;
const BUILT_IN_YEAR_SET: ReadonlySet<number> = new Set(BUILT_IN_YEARS);

/** Describes the built-in data source, e.g. for an audit trail. */
export const BUILT_IN_SOURCE = `chinese-days ${chineseDaysPackage.version}`;

/** The `source` reported for years answered by the provisional rule. */
export const PROVISIONAL_SOURCE = 'provisional';

// ---------------------------------------------------------------------------------------------------------------
// Provisional rule for years that are neither built in nor loaded
//
// Monday–Friday minus the statutory days off of 全国年节及纪念日放假办法 (2024 revision, in force from 2025):
// 元旦 1 Jan; 春节 eve + lunar 1st–3rd day; 清明 (the solar term day); 劳动节 1–2 May; 端午 (lunar 5/5);
// 中秋 (lunar 8/15); 国庆节 1–3 Oct. We include the lunar and solar-term days as well as the Gregorian-fixed ones,
// but only for the years in LUNAR_DATES below; other unpublished years get the Gregorian-fixed days only.
// No 调休 is ever guessed, and no day is moved off a weekend (补休): that is what the yearly notice decides.
//
// The lunar dates were generated with chinese-days' own lunar conversion (getSolarDateFromLunar, getSolarTermDate)
// run with TZ=Asia/Shanghai, and are hard-coded because those functions give wrong dates west of UTC. The test
// suite re-derives the whole table from chinese-days in an Asia/Shanghai child process.
//
// [year, 春节 (lunar 1/1), 清明, 端午 (lunar 5/5), 中秋 (lunar 8/15)] as MM-DD.
export const LUNAR_DATES: readonly (readonly [number, string, string, string, string])[] = [
  [2027, '02-06', '04-05', '06-09', '09-15'],
  [2028, '01-26', '04-04', '05-28', '10-03'],
  [2029, '02-13', '04-04', '06-16', '09-22'],
  [2030, '02-03', '04-05', '06-05', '09-12'],
  [2031, '01-23', '04-05', '06-24', '10-01'],
  [2032, '02-11', '04-04', '06-12', '09-19'],
  [2033, '01-31', '04-04', '06-01', '09-08'],
  [2034, '02-19', '04-05', '06-20', '09-27'],
  [2035, '02-08', '04-05', '06-10', '09-16'],
  [2036, '01-28', '04-04', '05-30', '10-04'],
  [2037, '02-15', '04-04', '06-18', '09-24'],
  [2038, '02-04', '04-05', '06-07', '09-13'],
  [2039, '01-24', '04-05', '05-27', '10-02'],
  [2040, '02-12', '04-04', '06-14', '09-20'],
  [2041, '02-01', '04-04', '06-03', '09-10'],
  [2042, '01-22', '04-04', '06-22', '09-28'],
  [2043, '02-10', '04-05', '06-11', '09-17'],
  [2044, '01-30', '04-04', '05-31', '10-05'],
  [2045, '02-17', '04-04', '06-19', '09-25'],
  [2046, '02-06', '04-04', '06-08', '09-15'],
  [2047, '01-26', '04-05', '05-29', '10-04'],
  [2048, '02-14', '04-04', '06-15', '09-22'],
  [2049, '02-02', '04-04', '06-04', '09-11'],
  [2050, '01-23', '04-04', '06-23', '09-30'],
];

const provisionalCache = new Map<number, ReadonlyMap<IsoDate, string>>();

function pad4(year: number): string {
  return String(year).padStart(4, '0');
}

/** The statutory days off assumed for an unpublished year: date → holiday name. */
function provisionalHolidays(year: number): ReadonlyMap<IsoDate, string> {
  const cached = provisionalCache.get(year);
  if (cached) return cached;
  const y = pad4(year);
  const days = new Map<IsoDate, string>();
  const add = (date: IsoDate, name: string) => {
    if (!days.has(date)) days.set(date, name);
  };
  add(`${y}-01-01`, '元旦');
  add(`${y}-05-01`, '劳动节');
  add(`${y}-05-02`, '劳动节');
  add(`${y}-10-01`, '国庆节');
  add(`${y}-10-02`, '国庆节');
  add(`${y}-10-03`, '国庆节');
  const lunar = LUNAR_DATES.find((row) => row[0] === year);
  if (lunar) {
    const [, springFestival, qingming, dragonBoat, midAutumn] = lunar;
    const newYear = `${y}-${springFestival}`;
    for (let i = -1; i <= 2; i++) add(addDays(newYear, i), '春节');
    add(`${y}-${qingming}`, '清明');
    add(`${y}-${dragonBoat}`, '端午');
    add(`${y}-${midAutumn}`, '中秋');
  }
  provisionalCache.set(year, days);
  return days;
}

// ---------------------------------------------------------------------------------------------------------------
// Administrator-loaded years

/**
 * A full definition of one year, as published by the State Council General Office notice
 * (国务院办公厅关于YYYY年部分节假日安排的通知). It REPLACES the built-in data for that year.
 */
export interface YearCalendar {
  year: number;
  /** Every day off of the holiday periods (weekend days inside a holiday period may be listed too). */
  holidays: IsoDate[];
  /** Adjusted working weekend days (调休上班); each must be a Saturday or Sunday. */
  workdays: IsoDate[];
  /** Where the data comes from, e.g. the notice number or URL. */
  source: string;
}

export interface ValidationError {
  field: string;
  reason: string;
}

export type YearCalendarValidation = { ok: true; value: YearCalendar } | { ok: false; errors: ValidationError[] };

const YEAR_CALENDAR_FIELDS = new Set(['year', 'holidays', 'workdays', 'source']);
const MAX_SOURCE_LENGTH = 1000;

/**
 * Validates an administrator-supplied year definition: a 4-digit integer year; dates that are real `YYYY-MM-DD`
 * dates in that year; no duplicates; no date in both lists; workdays on a weekend; at least one holiday; a
 * non-empty source; no unknown fields. On success the lists are returned sorted.
 */
export function validateYearCalendar(input: unknown): YearCalendarValidation {
  const errors: ValidationError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', reason: '须为对象 must be an object' }] };
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!YEAR_CALENDAR_FIELDS.has(key)) errors.push({ field: key, reason: '未知字段 unknown field' });
  }

  const { year, source } = record;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= 1000 && year <= 9999;
  if (!yearOk)
    errors.push({
      field: 'year',
      reason: '须为 1000 至 9999 之间的整数年份 must be an integer year between 1000 and 9999',
    });

  if (typeof source !== 'string' || source.trim() === '') {
    errors.push({ field: 'source', reason: '须为非空文字 must be a non-empty string' });
  } else if (source.length > MAX_SOURCE_LENGTH) {
    errors.push({
      field: 'source',
      reason: `最多 ${MAX_SOURCE_LENGTH} 个字符 must be at most ${MAX_SOURCE_LENGTH} characters`,
    });
  }

  // Returns the entries that passed the per-date checks, with their index in the input.
  const checkList = (name: 'holidays' | 'workdays'): { date: IsoDate; index: number }[] => {
    const value = record[name];
    if (!Array.isArray(value)) {
      errors.push({ field: name, reason: '须为 YYYY-MM-DD 日期的列表 must be an array of YYYY-MM-DD dates' });
      return [];
    }
    if (value.length > 366) {
      errors.push({ field: name, reason: '不得超过 366 个日期 must not list more than 366 dates' });
      return [];
    }
    const seen = new Map<IsoDate, number>();
    const entries: { date: IsoDate; index: number }[] = [];
    value.forEach((item: unknown, index) => {
      const field = `${name}[${index}]`;
      if (!isIsoDate(item)) {
        errors.push({ field, reason: '须为有效的 YYYY-MM-DD 日期 must be a valid YYYY-MM-DD date' });
        return;
      }
      if (yearOk && yearOf(item) !== year) {
        errors.push({ field, reason: `须为 ${year} 年的日期 must be a date in ${year}` });
        return;
      }
      const first = seen.get(item);
      if (first !== undefined) {
        errors.push({ field, reason: `与 ${name}[${first}] 重复 duplicate of ${name}[${first}]` });
        return;
      }
      seen.set(item, index);
      entries.push({ date: item, index });
    });
    return entries;
  };

  const holidays = checkList('holidays');
  const workdays = checkList('workdays');
  if (Array.isArray(record.holidays) && record.holidays.length === 0) {
    errors.push({
      field: 'holidays',
      reason:
        '须至少列出一个休息日（每年都有法定节假日） must list at least one day off (every year has statutory holidays)',
    });
  }
  const holidaySet = new Set(holidays.map((h) => h.date));
  for (const { date, index } of workdays) {
    if (holidaySet.has(date)) {
      errors.push({ field: `workdays[${index}]`, reason: '已列在 holidays（休息日）中 also listed in holidays' });
    } else if (dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6) {
      errors.push({
        field: `workdays[${index}]`,
        reason: '调休上班日须为星期六或星期日 an adjusted working day must be a Saturday or Sunday',
      });
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      year: year as number,
      holidays: holidays.map((h) => h.date).sort(),
      workdays: workdays.map((w) => w.date).sort(),
      source: source as string,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The calendar

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** True when the year is neither built in nor loaded, so the answer comes from the provisional rule. */
  provisional: boolean;
  /** For a day off that belongs to a holiday (built-in or provisional data; overrides carry no names). */
  holidayName?: string;
}

export interface WorkingDayResult {
  date: IsoDate;
  /** True if any day examined falls in a year that is neither built in nor loaded. */
  provisional: boolean;
}

interface LoadedYear {
  holidays: ReadonlySet<IsoDate>;
  workdays: ReadonlySet<IsoDate>;
  source: string;
}

/** Upper bound on consecutive days off; no real or valid calendar comes near it. */
const MAX_DAYS_OFF_IN_A_ROW = 400;

export class WorkingCalendar {
  private readonly loaded = new Map<number, LoadedYear>();

  /** Throws a RangeError if an override is invalid or two overrides are for the same year. */
  constructor(overrides: readonly YearCalendar[] = []) {
    for (const override of overrides) {
      const result = validateYearCalendar(override);
      if (!result.ok) {
        const detail = result.errors.map((e) => `${e.field || '(root)'}: ${e.reason}`).join('; ');
        throw new RangeError(`invalid calendar override for ${String(override?.year)}: ${detail}`);
      }
      const { year, holidays, workdays, source } = result.value;
      if (this.loaded.has(year)) throw new RangeError(`two calendar overrides for ${year}`);
      this.loaded.set(year, { holidays: new Set(holidays), workdays: new Set(workdays), source });
    }
  }

  /** Built in or loaded by an administrator. */
  isPublished(year: number): boolean {
    return this.loaded.has(year) || BUILT_IN_YEAR_SET.has(year);
  }

  /** Sorted years that are built in or loaded. */
  publishedYears(): number[] {
    return [...new Set([...BUILT_IN_YEARS, ...this.loaded.keys()])].sort((a, b) => a - b);
  }

  /** Where a year's answers come from: the override's source, the built-in package, or 'provisional'. */
  sourceOf(year: number): string {
    return this.loaded.get(year)?.source ?? (BUILT_IN_YEAR_SET.has(year) ? BUILT_IN_SOURCE : PROVISIONAL_SOURCE);
  }

  /** Throws a RangeError for anything that is not a valid `YYYY-MM-DD` date. */
  dayInfo(date: IsoDate): DayInfo {
    const year = yearOf(date);
    const dow = dayOfWeek(date);
    const weekday = dow >= 1 && dow <= 5;

    const loaded = this.loaded.get(year);
    if (loaded) {
      if (loaded.workdays.has(date)) return { date, working: true, provisional: false };
      if (loaded.holidays.has(date)) return { date, working: false, provisional: false };
      return { date, working: weekday, provisional: false };
    }

    if (BUILT_IN_YEAR_SET.has(year)) {
      if (BUILT_IN.workdays.has(date)) return { date, working: true, provisional: false };
      const name = BUILT_IN.holidays.get(date);
      if (name !== undefined) return { date, working: false, provisional: false, holidayName: name };
      return { date, working: weekday, provisional: false };
    }

    const name = provisionalHolidays(year).get(date);
    if (name !== undefined) return { date, working: false, provisional: true, holidayName: name };
    return { date, working: weekday, provisional: true };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.dayInfo(date).working;
  }

  /** `date` itself if it is a working day, else the next working day. */
  nextWorkingDayOnOrAfter(date: IsoDate): WorkingDayResult {
    let day = date;
    let provisional = false;
    for (let i = 0; i <= MAX_DAYS_OFF_IN_A_ROW; i++) {
      const info = this.dayInfo(day);
      provisional ||= info.provisional;
      if (info.working) return { date: day, provisional };
      day = addDays(day, 1);
    }
    throw new RangeError(`no working day within ${MAX_DAYS_OFF_IN_A_ROW} days of ${date}`);
  }

  /**
   * The Nth working day strictly after `from` (`from` itself is not counted and need not be a working day);
   * n = 0 → `from`, not provisional.
   */
  addWorkingDays(from: IsoDate, n: number): WorkingDayResult {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working-day count must be a non-negative integer: ${n}`);
    yearOf(from); // validates
    let day = from;
    let provisional = false;
    let counted = 0;
    let offInARow = 0;
    while (counted < n) {
      day = addDays(day, 1);
      const info = this.dayInfo(day);
      provisional ||= info.provisional;
      if (info.working) {
        counted++;
        offInARow = 0;
      } else if (++offInARow > MAX_DAYS_OFF_IN_A_ROW) {
        throw new RangeError(`no working day within ${MAX_DAYS_OFF_IN_A_ROW} days of ${day}`);
      }
    }
    return { date: day, provisional };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The deadline rule: functions/domain/deadline-rule.ts (apart, so that code which only computes a deadline from a
// calendar it is given — the duty policies, the request schemas — does not carry the built-in holiday data).

export { computeDeadline, type Deadline, MAX_DEADLINE_WORKING_DAYS } from './deadline-rule.ts';
