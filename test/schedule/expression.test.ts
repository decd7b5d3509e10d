import { describe, expect, it } from 'vitest';
import { nextFire, parseScheduleExpression } from '../../functions/schedule/expression.ts';
import { checkSchedules, type ScheduleSpec } from '../../functions/schedule/schedules.ts';
import { runInTimeZone, ZONES } from '../support/time-zones.ts';

const ms = (iso: string) => Date.parse(iso);
const iso = (instant: number | undefined) => (instant === undefined ? undefined : new Date(instant).toISOString());

/** The first `count` fire instants strictly after `from`, as UTC ISO strings. */
function fires(expression: string, from: string, count: number, timeZone = 'Asia/Shanghai'): (string | undefined)[] {
  const schedule = parseScheduleExpression(expression, timeZone);
  const out: (string | undefined)[] = [];
  let after = ms(from);
  for (let i = 0; i < count; i++) {
    const next = nextFire(schedule, after, ms(from));
    out.push(iso(next));
    if (next === undefined) break;
    after = next;
  }
  return out;
}

describe.each(ZONES)('schedule expressions, process time zone %s', (zone, januaryOffset) => {
  runInTimeZone(zone, januaryOffset);

  describe('cron', () => {
    it('01:00 on the 1st of every month, Shanghai time', () => {
      // Act
      const got = fires('cron(0 1 1 * ? *)', '2026-10-15T12:00:00+08:00', 3);
      // Assess
      expect(got).toEqual([
        iso(ms('2026-11-01T01:00:00+08:00')),
        iso(ms('2026-12-01T01:00:00+08:00')),
        iso(ms('2027-01-01T01:00:00+08:00')),
      ]);
    });

    it('an instant that is itself a fire instant is not "after" itself', () => {
      expect(fires('cron(0 1 1 * ? *)', '2026-11-01T01:00:00+08:00', 1)).toEqual([
        iso(ms('2026-12-01T01:00:00+08:00')),
      ]);
    });

    it('is read in its own time zone, not UTC', () => {
      expect(fires('cron(0 1 1 * ? *)', '2026-10-15T00:00:00Z', 1, 'UTC')).toEqual(['2026-11-01T01:00:00.000Z']);
    });

    it('lists, ranges, steps and names', () => {
      // Every 20 minutes from :05 in hours 9-10, Monday to Friday.
      expect(fires('cron(5/20 9-10 ? * MON-FRI *)', '2026-11-06T10:30:00+08:00', 4)).toEqual([
        iso(ms('2026-11-06T10:45:00+08:00')), // Friday
        iso(ms('2026-11-09T09:05:00+08:00')), // Monday
        iso(ms('2026-11-09T09:25:00+08:00')),
        iso(ms('2026-11-09T09:45:00+08:00')),
      ]);
      expect(fires('cron(0,30 8 ? JAN,jul 2,4 *)', '2026-07-01T00:00:00+08:00', 3)).toEqual([
        iso(ms('2026-07-01T08:00:00+08:00')), // Wednesday (4 = WED in AWS's 1-7 from Sunday)
        iso(ms('2026-07-01T08:30:00+08:00')),
        iso(ms('2026-07-06T08:00:00+08:00')), // Monday
      ]);
      expect(fires('cron(*/30 0 1 * ? *)', '2026-07-01T00:10:00+08:00', 2)).toEqual([
        iso(ms('2026-07-01T00:30:00+08:00')),
        iso(ms('2026-08-01T00:00:00+08:00')),
      ]);
    });

    it('day-of-week numbers run 1-7 from Sunday', () => {
      expect(fires('cron(0 12 ? * 1 *)', '2026-11-02T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-11-08T12:00:00+08:00')), // Sunday
      ]);
      expect(fires('cron(0 12 ? * 7 *)', '2026-11-02T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-11-07T12:00:00+08:00')), // Saturday
      ]);
    });

    it('L: the last day of the month; the last given weekday of the month; alone in day-of-week, Saturday', () => {
      expect(fires('cron(0 18 L * ? *)', '2026-01-31T19:00:00+08:00', 3)).toEqual([
        iso(ms('2026-02-28T18:00:00+08:00')),
        iso(ms('2026-03-31T18:00:00+08:00')),
        iso(ms('2026-04-30T18:00:00+08:00')),
      ]);
      expect(fires('cron(0 18 L 2 ? 2028)', '2026-01-01T00:00:00+08:00', 2)).toEqual([
        iso(ms('2028-02-29T18:00:00+08:00')),
        undefined,
      ]);
      expect(fires('cron(0 9 ? * 6L *)', '2026-11-01T00:00:00+08:00', 2)).toEqual([
        iso(ms('2026-11-27T09:00:00+08:00')), // last Friday of November 2026
        iso(ms('2026-12-25T09:00:00+08:00')),
      ]);
      // November 2026 ends on a Monday: the 30th is its last Monday, the 23rd is not.
      expect(fires('cron(0 9 ? * MONL *)', '2026-11-01T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-11-30T09:00:00+08:00')),
      ]);
      expect(fires('cron(0 9 ? * L *)', '2026-11-02T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-11-07T09:00:00+08:00')),
      ]);
    });

    it('W: the weekday nearest the given day, never crossing into another month', () => {
      // 2026-11-15 is a Sunday → Monday the 16th; 2026-08-15 is a Saturday → Friday the 14th.
      expect(fires('cron(0 9 15W * ? *)', '2026-11-01T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-11-16T09:00:00+08:00')),
      ]);
      expect(fires('cron(0 9 15W * ? *)', '2026-08-01T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-08-14T09:00:00+08:00')),
      ]);
      // 2026-08-01 is a Saturday: the nearest weekday in August is Monday the 3rd, not Friday 31 July.
      expect(fires('cron(0 9 1W 8 ? 2026)', '2026-07-01T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-08-03T09:00:00+08:00')),
      ]);
      // 2026-05-31 is a Sunday, the month's last day: Friday the 29th.
      expect(fires('cron(0 9 31W 5 ? 2026)', '2026-05-01T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-05-29T09:00:00+08:00')),
      ]);
    });

    it('#: the nth given weekday of the month', () => {
      expect(fires('cron(30 10 ? * 3#2 *)', '2026-11-01T00:00:00+08:00', 2)).toEqual([
        iso(ms('2026-11-10T10:30:00+08:00')), // second Tuesday
        iso(ms('2026-12-08T10:30:00+08:00')),
      ]);
      expect(fires('cron(0 0 ? * MON#5 2026)', '2026-01-01T00:00:00+08:00', 1)).toEqual([
        iso(ms('2026-03-30T00:00:00+08:00')), // March is 2026's first month with five Mondays
      ]);
    });

    it('the year field bounds the schedule', () => {
      expect(fires('cron(0 0 1 1 ? 2027-2028)', '2026-06-01T00:00:00+08:00', 3)).toEqual([
        iso(ms('2027-01-01T00:00:00+08:00')),
        iso(ms('2028-01-01T00:00:00+08:00')),
        undefined,
      ]);
    });

    it('daylight saving time: a wall time that does not exist is skipped, one that happens twice fires once', () => {
      // New York, 2026: clocks go 02:00 → 03:00 on 8 March and 02:00 → 01:00 on 1 November.
      expect(fires('cron(30 2 * * ? *)', '2026-03-07T12:00:00-05:00', 2, 'America/New_York')).toEqual([
        iso(ms('2026-03-09T02:30:00-04:00')), // 8 March has no 02:30
        iso(ms('2026-03-10T02:30:00-04:00')),
      ]);
      expect(fires('cron(30 1 * * ? *)', '2026-10-31T12:00:00-04:00', 2, 'America/New_York')).toEqual([
        iso(ms('2026-11-01T01:30:00-04:00')), // the first 01:30 only
        iso(ms('2026-11-02T01:30:00-05:00')),
      ]);
      // Asked between the two 01:30s, the second is not a new fire instant.
      expect(fires('cron(30 1 * * ? *)', '2026-11-01T01:45:00-04:00', 1, 'America/New_York')).toEqual([
        iso(ms('2026-11-02T01:30:00-05:00')),
      ]);
    });
  });

  describe('rate', () => {
    it('counts whole periods from its anchor', () => {
      const schedule = parseScheduleExpression('rate(1 hour)', 'Asia/Shanghai');
      const anchor = ms('2026-11-02T09:00:00+08:00');
      expect(iso(nextFire(schedule, anchor, anchor))).toBe(iso(anchor + 3_600_000));
      expect(iso(nextFire(schedule, anchor + 5_400_000, anchor))).toBe(iso(anchor + 7_200_000));
      expect(iso(nextFire(parseScheduleExpression('rate(15 minutes)', 'UTC'), anchor, anchor))).toBe(
        iso(anchor + 900_000),
      );
      expect(iso(nextFire(parseScheduleExpression('rate(2 days)', 'UTC'), anchor, anchor))).toBe(
        iso(anchor + 2 * 86_400_000),
      );
    });
  });

  describe('at', () => {
    it('fires once, at the wall time in its time zone', () => {
      expect(fires('at(2026-12-31T23:30:00)', '2026-12-01T00:00:00Z', 2)).toEqual([
        iso(ms('2026-12-31T23:30:00+08:00')),
        undefined,
      ]);
      expect(fires('at(2026-12-31T23:30:00)', '2027-01-01T00:00:00+08:00', 1)).toEqual([undefined]);
    });
  });
});

describe('refused expressions', () => {
  it.each([
    ['rate(0 minutes)', /at least 1/],
    ['rate(1 hours)', /rate/],
    ['rate(5 minute)', /rate/],
    ['rate(5 seconds)', /rate/],
    ['cron(0 1 1 * *)', /6 fields/],
    ['cron(0 1 1 * * *)', /\?/],
    ['cron(0 1 ? * ? *)', /\?/],
    ['cron(60 1 1 * ? *)', /minutes/],
    ['cron(0 24 1 * ? *)', /hours/],
    ['cron(0 1 32 * ? *)', /day-of-month/],
    ['cron(0 1 0 * ? *)', /day-of-month/],
    ['cron(0 1 1 13 ? *)', /month/],
    ['cron(0 1 ? * 8 *)', /day-of-week/],
    ['cron(0 1 ? * 0 *)', /day-of-week/],
    ['cron(0 1 ? * MON/2 *)', /day-of-week/],
    ['cron(0 1 ? * 2#6 *)', /day-of-week/],
    ['cron(0 1 1 * ? 1969)', /year/],
    ['cron(0 1 1 * ? 2200)', /year/],
    ['cron(0 1 5-3 * ? *)', /day-of-month/],
    ['cron(0 1 1 FOO ? *)', /month/],
    ['cron(0 1 LW * ? *)', /day-of-month/],
    ['cron(0 1 1,L * ? *)', /day-of-month/],
    ['cron(0/0 1 1 * ? *)', /minutes/],
    ['at(2026-13-01T00:00:00)', /at/],
    ['at(2026-02-30T00:00:00)', /at/],
    ['at(2026-12-01 00:00:00)', /at/],
    ['every hour', /rate\(|cron\(|at\(/],
  ])('%s', (expression, reason) => {
    expect(() => parseScheduleExpression(expression, 'Asia/Shanghai')).toThrow(reason);
  });

  it('an unknown time zone', () => {
    expect(() => parseScheduleExpression('cron(0 1 1 * ? *)', 'Asia/Beijing')).toThrow(/time zone/);
  });
});

describe('checkSchedules', () => {
  const good: ScheduleSpec = {
    name: 'monthly',
    expression: 'cron(0 1 1 * ? *)',
    function: 'reconcile',
    description: 'x',
  };

  it('accepts the table as it is', async () => {
    const { schedules } = await import('../../functions/schedule/schedules.ts');
    expect(() => checkSchedules(schedules)).not.toThrow();
  });

  it('names the schedule whose expression is bad', () => {
    expect(() => checkSchedules([good, { ...good, name: 'broken', expression: 'cron(0 1 1 * * *)' }])).toThrow(
      /schedule "broken".*cron\(0 1 1 \* \* \*\)/,
    );
  });

  it('names the schedule whose time zone is bad', () => {
    expect(() => checkSchedules([{ ...good, timeZone: 'Mars/Olympus' }])).toThrow(/schedule "monthly".*time zone/);
  });

  it('refuses an input that is not a JSON object', () => {
    expect(() => checkSchedules([{ ...good, input: [1] as never }])).toThrow(/schedule "monthly".*input/);
    expect(() => checkSchedules([{ ...good, input: { when: new Date() } as never }])).toThrow(
      /schedule "monthly".*input/,
    );
  });

  it('refuses two schedules of one name', () => {
    expect(() => checkSchedules([good, good])).toThrow(/schedule "monthly".*twice/);
  });
});
