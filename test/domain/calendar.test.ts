import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_SOURCE,
  BUILT_IN_YEARS,
  computeDeadline,
  LUNAR_DATES,
  validateYearCalendar,
  WorkingCalendar,
  type YearCalendar,
} from '../../functions/domain/calendar.ts';
import { runInTimeZone, ZONES } from '../support/time-zones.ts';

// Expected values are worked out by hand from the State Council General Office notice for 2026 (docs/rules.md §3):
//   1/1–3 off, 1/4 (Sun) work; 2/15–23 off, 2/14 (Sat) and 2/28 (Sat) work; 4/4–6 off; 5/1–5 off, 5/9 (Sat) work;
//   6/19–21 off; 9/25–27 off; 10/1–7 off, 9/20 (Sun) and 10/10 (Sat) work.
// Weekdays used below: 2025-12-31 Wed; 2026-01-01 Thu; 2026-02-13 Fri; 2026-09-18 Fri; 2026-09-19 Sat;
// 2026-09-25 Fri; 2026-09-28 Mon; 2026-10-01 Thu; 2026-10-30 Fri; 2026-12-30 Wed; 2027-01-01 Fri; 2027-01-09 Sat.

/** The real 2026 arrangement, written out by hand from the notice (not taken from chinese-days). */
const DAYS_OFF_2026 = [
  ...['01-01', '01-02', '01-03'],
  ...['02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '02-23'],
  ...['04-04', '04-05', '04-06'],
  ...['05-01', '05-02', '05-03', '05-04', '05-05'],
  ...['06-19', '06-20', '06-21'],
  ...['09-25', '09-26', '09-27'],
  ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'],
].map((md) => `2026-${md}`);
const WORKING_WEEKENDS_2026 = ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'].map((md) => `2026-${md}`);

/** A made-up 2027 arrangement for the tests (NOT the real 2027 notice): 1/1–4 off, 1/9 (Sat) work. */
const HYPOTHETICAL_2027: YearCalendar = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
  workdays: ['2027-01-09'],
  source: 'test fixture — hypothetical, not the real 2027 notice',
};

interface Row {
  name: string;
  received: Date | string;
  workingDays: number;
  acceptedOn: string;
  deadlineDate: string;
  deadline: string;
  provisional: boolean;
}

const DEADLINES: Row[] = [
  {
    // docs/rules.md: received Saturday 9-19 → accepted Sunday 9-20 (调休) → day 1 is Monday 9-21.
    name: 'docs/rules.md §3 example: received on a Saturday, accepted on the 调休 Sunday',
    received: '2026-09-19',
    workingDays: 1,
    acceptedOn: '2026-09-20',
    deadlineDate: '2026-09-21',
    deadline: '2026-09-22T00:00:00+08:00',
    provisional: false,
  },
  {
    name: 'receipt on a 调休 Sunday is accepted that day',
    received: new Date('2026-09-20T15:00:00+08:00'),
    workingDays: 1,
    acceptedOn: '2026-09-20',
    deadlineDate: '2026-09-21',
    deadline: '2026-09-22T00:00:00+08:00',
    provisional: false,
  },
  {
    // 15:59:59Z = Friday 23:59:59 in Shanghai: accepted Friday; Saturday 9-19 off, Sunday 9-20 works → day 1.
    name: 'Friday 23:59:59 in Shanghai is still Friday',
    received: new Date('2026-09-18T15:59:59Z'),
    workingDays: 1,
    acceptedOn: '2026-09-18',
    deadlineDate: '2026-09-20',
    deadline: '2026-09-21T00:00:00+08:00',
    provisional: false,
  },
  {
    // 17:30Z on Friday = Saturday 01:30 in Shanghai → same as the rules example.
    name: 'late Friday evening UTC is already Saturday in Shanghai',
    received: new Date('2026-09-18T17:30:00Z'),
    workingDays: 1,
    acceptedOn: '2026-09-20',
    deadlineDate: '2026-09-21',
    deadline: '2026-09-22T00:00:00+08:00',
    provisional: false,
  },
  {
    // New Year: 12-31 (Wed) works; 1/1–3 off; 1/4 (Sun) is the 调休 working day → day 1.
    name: 'New Year 2026: the 调休 Sunday 1/4 counts',
    received: '2025-12-31',
    workingDays: 1,
    acceptedOn: '2025-12-31',
    deadlineDate: '2026-01-04',
    deadline: '2026-01-05T00:00:00+08:00',
    provisional: false,
  },
  {
    // 1/1 (Thu) is a holiday; 1/2, 1/3 off; accepted Sunday 1/4 (调休); day 1 = Monday 1/5.
    name: 'receipt on New Year’s Day',
    received: new Date('2026-01-01T09:00:00+08:00'),
    workingDays: 1,
    acceptedOn: '2026-01-04',
    deadlineDate: '2026-01-05',
    deadline: '2026-01-06T00:00:00+08:00',
    provisional: false,
  },
  {
    // Accepted Fri 2/13; 2/14 Sat works (1); 2/15–23 off; 2/24 Tue (2).
    name: 'Spring Festival 2026: 2 working days across the break',
    received: '2026-02-13',
    workingDays: 2,
    acceptedOn: '2026-02-13',
    deadlineDate: '2026-02-24',
    deadline: '2026-02-25T00:00:00+08:00',
    provisional: false,
  },
  {
    // 2/14 (1); 2/24 (2), 2/25 (3), 2/26 (4), 2/27 (5); 2/28 Sat works (6); 3/1 Sun off; 3/2 Mon (7).
    name: 'Spring Festival 2026: the 调休 Saturday 2/28 counts',
    received: '2026-02-13',
    workingDays: 7,
    acceptedOn: '2026-02-13',
    deadlineDate: '2026-03-02',
    deadline: '2026-03-03T00:00:00+08:00',
    provisional: false,
  },
  {
    // 2/16 is inside 2/15–23: accepted Tue 2/24; day 1 = 2/25.
    name: 'receipt during the Spring Festival holiday',
    received: new Date('2026-02-16T09:00:00+08:00'),
    workingDays: 1,
    acceptedOn: '2026-02-24',
    deadlineDate: '2026-02-25',
    deadline: '2026-02-26T00:00:00+08:00',
    provisional: false,
  },
  {
    // 9/25 (Fri) Mid-Autumn off, 9/26–27 off; accepted Mon 9/28; day 1 = Tue 9/29.
    name: 'receipt on Mid-Autumn Festival',
    received: '2026-09-25',
    workingDays: 1,
    acceptedOn: '2026-09-28',
    deadlineDate: '2026-09-29',
    deadline: '2026-09-30T00:00:00+08:00',
    provisional: false,
  },
  {
    // Accepted Mon 9/28 10:00+08:00 (not counted). Day by day:
    //   9/29 Tue 1, 9/30 Wed 2; 10/1–7 off; 10/8 Thu 3, 10/9 Fri 4, 10/10 Sat 5 (调休); 10/11 Sun off;
    //   10/12 Mon 6, 10/13 7, 10/14 8, 10/15 9, 10/16 Fri 10; weekend;
    //   10/19 Mon 11, 10/20 12, 10/21 13, 10/22 14, 10/23 Fri 15; weekend;
    //   10/26 Mon 16, 10/27 17, 10/28 18, 10/29 19, 10/30 Fri 20.
    // Deadline: end of Friday 10/30 = 2026-10-31T00:00:00+08:00 = 2026-10-30T16:00:00Z.
    name: '20 working days across National Day',
    received: new Date('2026-09-28T10:00:00+08:00'),
    workingDays: 20,
    acceptedOn: '2026-09-28',
    deadlineDate: '2026-10-30',
    deadline: '2026-10-31T00:00:00+08:00',
    provisional: false,
  },
  {
    name: 'an immediate item (0 working days) is due at the end of the acceptance day',
    received: '2026-09-19',
    workingDays: 0,
    acceptedOn: '2026-09-20',
    deadlineDate: '2026-09-20',
    deadline: '2026-09-21T00:00:00+08:00',
    provisional: false,
  },
  {
    // 12/30 Wed accepted; 12/31 Thu (1). Stays inside 2026: not provisional.
    name: 'year end, inside 2026',
    received: '2026-12-30',
    workingDays: 1,
    acceptedOn: '2026-12-30',
    deadlineDate: '2026-12-31',
    deadline: '2027-01-01T00:00:00+08:00',
    provisional: false,
  },
  {
    // 12/31 (1); 2027 is not published: 1/1 (Fri) off by the fixed rule, 1/2–3 weekend;
    // 1/4 Mon (2), 1/5 (3), 1/6 (4), 1/7 Thu (5).
    name: 'year end running into unpublished 2027 is provisional',
    received: '2026-12-30',
    workingDays: 5,
    acceptedOn: '2026-12-30',
    deadlineDate: '2027-01-07',
    deadline: '2027-01-08T00:00:00+08:00',
    provisional: true,
  },
  {
    // Provisional 2027: 1/1 (Fri) off, 1/2–3 weekend, 1/4 Mon (1), …, 1/8 Fri (5), 1/11 Mon (6).
    name: 'year end, 6 days (compare with the 2027 override below)',
    received: '2026-12-30',
    workingDays: 6,
    acceptedOn: '2026-12-30',
    deadlineDate: '2027-01-08',
    deadline: '2027-01-09T00:00:00+08:00',
    provisional: true,
  },
  {
    // Received on provisional 2027-01-01 (Fri): accepted Mon 1/4, provisionally.
    name: 'receipt in an unpublished year',
    received: '2027-01-01',
    workingDays: 0,
    acceptedOn: '2027-01-04',
    deadlineDate: '2027-01-04',
    deadline: '2027-01-05T00:00:00+08:00',
    provisional: true,
  },
];

describe.each(ZONES)('calendar with process TZ=%s', (zone, januaryOffset) => {
  runInTimeZone(zone, januaryOffset);

  describe('computeDeadline', () => {
    const calendar = new WorkingCalendar();
    it.each(DEADLINES)('$name', (row) => {
      const d = computeDeadline(calendar, row.received, row.workingDays);
      expect({
        acceptedOn: d.acceptedOn,
        deadlineDate: d.deadlineDate,
        deadline: d.deadline,
        provisional: d.provisional,
      }).toEqual({
        acceptedOn: row.acceptedOn,
        deadlineDate: row.deadlineDate,
        deadline: row.deadline,
        provisional: row.provisional,
      });
      // deadlineAt is the same instant as the +08:00 string (parsed by the platform, not by our code).
      expect(d.deadlineAt.getTime()).toBe(new Date(row.deadline).getTime());
    });

    it('deadlineAt is 16:00Z on the deadline date', () => {
      const d = computeDeadline(calendar, new Date('2026-09-28T10:00:00+08:00'), 20);
      expect(d.deadlineAt.toISOString()).toBe('2026-10-30T16:00:00.000Z');
    });
  });

  describe('working days of 2026 (built in)', () => {
    const calendar = new WorkingCalendar();
    it('every day of 2026 matches the notice written out by hand', () => {
      const off = new Set(DAYS_OFF_2026);
      const work = new Set(WORKING_WEEKENDS_2026);
      const mismatches: string[] = [];
      // Walk the year with UTC arithmetic (independent of the code under test).
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        const dow = new Date(t).getUTCDay();
        const expected = work.has(date) || (dow >= 1 && dow <= 5 && !off.has(date));
        const info = calendar.dayInfo(date);
        if (info.working !== expected || info.provisional) mismatches.push(`${date}: ${JSON.stringify(info)}`);
      }
      expect(mismatches).toEqual([]);
    });

    it.each([
      ['2026-01-01', false, '元旦'],
      ['2026-01-04', true, undefined],
      ['2026-02-14', true, undefined],
      ['2026-02-17', false, '春节'],
      ['2026-02-28', true, undefined],
      ['2026-04-06', false, '清明'],
      ['2026-09-20', true, undefined],
      ['2026-09-25', false, '中秋'],
      ['2026-10-01', false, '国庆节'],
      ['2026-10-10', true, undefined],
      ['2026-10-11', false, undefined], // an ordinary Sunday
      ['2026-10-12', true, undefined], // an ordinary Monday
    ] as const)('%s working=%s holiday=%s', (date, working, holidayName) => {
      expect(calendar.dayInfo(date)).toEqual({
        date,
        working,
        provisional: false,
        ...(holidayName ? { holidayName } : {}),
      });
      expect(calendar.isWorkingDay(date)).toBe(working);
    });
  });

  describe('provisional rule for unpublished years', () => {
    const calendar = new WorkingCalendar();
    it.each([
      ['2027-01-01', false, '元旦'], // Fri
      ['2027-01-04', true, undefined], // Mon: no bridging day guessed
      ['2027-02-05', false, '春节'], // Fri, Spring Festival eve (lunar new year is Sat 2027-02-06)
      ['2027-02-06', false, '春节'], // Sat
      ['2027-02-08', false, '春节'], // Mon, lunar 1/3
      ['2027-02-09', true, undefined], // Tue
      ['2027-04-05', false, '清明'], // Mon, Qingming solar term
      ['2027-05-03', true, undefined], // Mon: 5/1–2 fall on the weekend, no 补休 guessed
      ['2027-06-09', false, '端午'], // Wed, lunar 5/5
      ['2027-09-15', false, '中秋'], // Wed, lunar 8/15
      ['2027-09-26', false, undefined], // Sun: no 调休 guessed
      ['2027-10-01', false, '国庆节'], // Fri
      ['2027-10-04', true, undefined], // Mon: 10/2–3 are the weekend, no 补休 guessed
      ['2027-10-07', true, undefined], // Thu: only 10/1–3 are statutory
      ['2028-05-01', false, '劳动节'], // Mon
      ['2028-05-02', false, '劳动节'], // Tue
      ['2028-05-03', true, undefined], // Wed
      ['2028-10-03', false, '国庆节'], // Tue (also Mid-Autumn in 2028)
      ['2028-10-04', true, undefined], // Wed
      ['2051-01-02', true, undefined], // Mon
      ['2051-10-02', false, '国庆节'], // Mon: beyond the lunar table, fixed days still apply
      ['1999-10-01', false, '国庆节'], // before the built-in data
    ] as const)('%s working=%s holiday=%s', (date, working, holidayName) => {
      expect(calendar.dayInfo(date)).toEqual({
        date,
        working,
        provisional: true,
        ...(holidayName ? { holidayName } : {}),
      });
    });

    it('addWorkingDays reports provisional only when an unpublished day is examined', () => {
      expect(calendar.addWorkingDays('2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false });
      expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: true });
      expect(calendar.addWorkingDays('2027-01-04', 0)).toEqual({ date: '2027-01-04', provisional: false });
      // from itself need not be a working day: 2026-10-03 (holiday) + 1 → 10/8 Thu (10/4–7 off).
      expect(calendar.addWorkingDays('2026-10-03', 1)).toEqual({ date: '2026-10-08', provisional: false });
    });

    it('nextWorkingDayOnOrAfter', () => {
      expect(calendar.nextWorkingDayOnOrAfter('2026-10-01')).toEqual({ date: '2026-10-08', provisional: false });
      expect(calendar.nextWorkingDayOnOrAfter('2026-10-08')).toEqual({ date: '2026-10-08', provisional: false });
      expect(calendar.nextWorkingDayOnOrAfter('2027-01-01')).toEqual({ date: '2027-01-04', provisional: true });
    });
  });

  describe('overrides', () => {
    it('loading 2027 removes provisional and changes the answer', () => {
      const calendar = new WorkingCalendar([HYPOTHETICAL_2027]);
      expect(calendar.isPublished(2027)).toBe(true);
      expect(calendar.publishedYears()).toContain(2027);
      expect(calendar.sourceOf(2027)).toBe(HYPOTHETICAL_2027.source);
      // 12/31 (1); 1/1–4 off; 1/5 Tue (2), 1/6 (3), 1/7 (4), 1/8 Fri (5); 1/9 Sat works (6).
      // Without the override: 1/8 (5) and 1/11 (6) — see the table above.
      const five = computeDeadline(calendar, '2026-12-30', 5);
      expect([five.deadlineDate, five.deadline, five.provisional]).toEqual([
        '2027-01-08',
        '2027-01-09T00:00:00+08:00',
        false,
      ]);
      const six = computeDeadline(calendar, '2026-12-30', 6);
      expect([six.deadlineDate, six.provisional]).toEqual(['2027-01-09', false]);
      expect(calendar.dayInfo('2027-01-04')).toEqual({ date: '2027-01-04', working: false, provisional: false });
      // The override replaces the provisional rule for the whole year: Spring Festival 2027 is not in this fixture.
      expect(calendar.dayInfo('2027-02-05')).toEqual({ date: '2027-02-05', working: true, provisional: false });
      // 2028 is still provisional.
      expect(calendar.isPublished(2028)).toBe(false);
    });

    it('an override replaces a built-in year instead of merging with it', () => {
      // A corrected 2026 without the 9/20 working Sunday.
      const corrected = new WorkingCalendar([
        {
          year: 2026,
          holidays: DAYS_OFF_2026,
          workdays: WORKING_WEEKENDS_2026.filter((d) => d !== '2026-09-20'),
          source: 'corrected notice (test)',
        },
      ]);
      expect(corrected.isWorkingDay('2026-09-20')).toBe(false);
      expect(corrected.isWorkingDay('2026-10-10')).toBe(true);
      expect(corrected.sourceOf(2026)).toBe('corrected notice (test)');
      // Received Sat 9/19: 9/20 is now off → accepted Mon 9/21; day 1 = Tue 9/22.
      const d = computeDeadline(corrected, '2026-09-19', 1);
      expect([d.acceptedOn, d.deadlineDate, d.provisional]).toEqual(['2026-09-21', '2026-09-22', false]);

      // A year with New Year's Day only: National Day is then ordinary weekdays — nothing is merged in.
      const minimal = new WorkingCalendar([{ year: 2026, holidays: ['2026-01-01'], workdays: [], source: 'x' }]);
      expect(minimal.isWorkingDay('2026-10-01')).toBe(true);
      expect(minimal.isWorkingDay('2026-10-10')).toBe(false);
      expect(minimal.dayInfo('2026-01-01')).toEqual({ date: '2026-01-01', working: false, provisional: false });

      // The default calendar is unaffected.
      expect(new WorkingCalendar().isWorkingDay('2026-09-20')).toBe(true);
    });

    it('the constructor rejects an invalid override and two overrides for the same year', () => {
      expect(() => new WorkingCalendar([{ ...HYPOTHETICAL_2027, holidays: ['2026-12-31'] }])).toThrow(RangeError);
      expect(() => new WorkingCalendar([HYPOTHETICAL_2027, HYPOTHETICAL_2027])).toThrow(/two calendar overrides/);
    });
  });
});

describe('computeDeadline argument checks', () => {
  const calendar = new WorkingCalendar();
  it.each([-1, 1.5, 367, Number.NaN, Number.POSITIVE_INFINITY])('rejects workingDays = %s', (n) => {
    expect(() => computeDeadline(calendar, '2026-09-28', n)).toThrow(RangeError);
  });
  it('accepts 366 working days', () => {
    // 366 working days is well over a year; from 2026-09-28 it ends in 2028, provisionally.
    const d = computeDeadline(calendar, '2026-09-28', 366);
    expect(d.provisional).toBe(true);
    expect(d.deadlineDate.startsWith('2028-')).toBe(true);
  });
  it('rejects a malformed date and an invalid Date', () => {
    expect(() => computeDeadline(calendar, '2026-9-28', 1)).toThrow(RangeError);
    expect(() => computeDeadline(calendar, new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-09-28', -1)).toThrow(RangeError);
  });
});

describe('validateYearCalendar', () => {
  it('accepts a valid year and returns sorted lists', () => {
    const result = validateYearCalendar({
      year: 2027,
      holidays: ['2027-01-03', '2027-01-01', '2027-01-02'],
      workdays: ['2027-01-09'],
      source: '国办发明电〔2026〕N号 (test)',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        year: 2027,
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
        workdays: ['2027-01-09'],
        source: '国办发明电〔2026〕N号 (test)',
      },
    });
  });

  it('reports every problem with its field', () => {
    const result = validateYearCalendar({
      year: 2027,
      holidays: ['2027-02-30', '2026-12-31', '2027-01-01', '2027-01-01', 20270101],
      workdays: ['2027-01-01', '2027-01-06', '2027-01-09', '2027-01-09'],
      source: '  ',
      names: {},
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field).sort()).toEqual(
      [
        'names', // unknown field
        'source', // blank
        'holidays[0]', // 2027-02-30 is not a date
        'holidays[1]', // not in 2027
        'holidays[3]', // duplicate of holidays[2]
        'holidays[4]', // not a string
        'workdays[0]', // also a holiday
        'workdays[1]', // 2027-01-06 is a Wednesday
        'workdays[3]', // duplicate of workdays[2]
      ].sort(),
    );
    expect(result.errors).toContainEqual({
      field: 'holidays[3]',
      reason: '与 holidays[2] 重复 duplicate of holidays[2]',
    });
    expect(result.errors).toContainEqual({
      field: 'workdays[0]',
      reason: '已列在 holidays（休息日）中 also listed in holidays',
    });
  });

  it.each([
    [null, ['']],
    [[], ['']],
    [{ year: '2027', holidays: ['2027-01-01'], workdays: [], source: 's' }, ['year']],
    [{ year: 2027.5, holidays: ['2027-01-01'], workdays: [], source: 's' }, ['year']],
    [{ year: 2027, holidays: [], workdays: [], source: 's' }, ['holidays']],
    [{ year: 2027, holidays: '2027-01-01', workdays: [], source: 's' }, ['holidays']],
    [{ year: 2027, holidays: ['2027-01-01'], source: 's' }, ['workdays']],
    [{ year: 2027, holidays: ['2027-01-01'], workdays: [] }, ['source']],
  ])('%j → %j', (input, fields) => {
    const result = validateYearCalendar(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(fields);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// chinese-days itself, run in child processes with a fixed TZ (its functions depend on the process time zone).

function runChineseDays(tz: string, body: string): unknown {
  const script = `const cd = require('chinese-days'); process.stdout.write(JSON.stringify((() => { ${body} })()));`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('chinese-days (the data source)', () => {
  it('covers exactly 2004–2026 (update the provisional tests when a newer chinese-days adds a year)', () => {
    const expected = Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i);
    expect(BUILT_IN_YEARS).toEqual(expected);
    expect(BUILT_IN_SOURCE).toBe('chinese-days 1.5.7');
    const calendar = new WorkingCalendar();
    expect(calendar.publishedYears()).toEqual(expected);
    expect(calendar.isPublished(2026)).toBe(true);
    expect(calendar.isPublished(2027)).toBe(false);
  });

  it('our calendar agrees with chinese-days (run in Asia/Shanghai) on every day of 2004–2026', () => {
    const flags = runChineseDays(
      'Asia/Shanghai',
      `let s = ''; for (let t = Date.UTC(2004, 0, 1); t < Date.UTC(2027, 0, 1); t += 864e5) {
         s += cd.isWorkday(new Date(t).toISOString().slice(0, 10)) ? '1' : '0'; } return s;`,
    ) as string;
    const calendar = new WorkingCalendar();
    const mismatches: string[] = [];
    let i = 0;
    for (let t = Date.UTC(2004, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000, i++) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (calendar.isWorkingDay(date) !== (flags[i] === '1')) mismatches.push(date);
    }
    expect(flags.length).toBe(i);
    expect(mismatches).toEqual([]);
  });

  it('the hard-coded lunar table matches chinese-days’ conversion run in Asia/Shanghai', () => {
    const rows = runChineseDays(
      'Asia/Shanghai',
      `const r = []; for (let y = 2027; y <= 2050; y++) r.push([y,
         cd.getSolarDateFromLunar(y + '-01-01').date.slice(5),
         cd.getSolarTermDate(y, 4, 'pure_brightness').slice(5),
         cd.getSolarDateFromLunar(y + '-05-05').date.slice(5),
         cd.getSolarDateFromLunar(y + '-08-15').date.slice(5)]); return r;`,
    );
    expect(LUNAR_DATES).toEqual(rows);
  });

  it('pitfalls we work around: silent Monday–Friday after 2026, and wrong answers west of UTC', () => {
    // If one of these starts failing, chinese-days changed: re-check coverage and whether its functions became
    // time-zone safe.
    const result = runChineseDays(
      'America/Los_Angeles',
      `return ['2026-10-12', '2026-09-19', '2027-01-01'].map((d) => cd.isWorkday(d));`,
    );
    // Monday 2026-10-12 reported as a day off, Saturday 2026-09-19 as a working day, and New Year's Day 2027
    // (unpublished) as a plain working Friday.
    expect(result).toEqual([false, true, true]);
    const calendar = new WorkingCalendar();
    expect(['2026-10-12', '2026-09-19', '2027-01-01'].map((d) => calendar.isWorkingDay(d))).toEqual([
      true,
      false,
      false,
    ]);
  });
});
