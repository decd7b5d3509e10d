import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import {
  addCounters,
  type CaseFacts,
  type Contribution,
  type Counters,
  contributionsOf,
  counterNames,
  metricDefinitions,
  metricsOf,
  referralContributions,
  unitKey,
  workingDaysBetween,
} from '../../functions/domain/evaluation.ts';
import { timelineEventTypes } from '../../functions/domain/timeline.ts';

const calendar = new WorkingCalendar();

/**
 * A case of department d1 (item I1, promised 5 working days), received at window d1/w1 by clerk c1 on Monday
 * 2026-09-21 and accepted by c1 at once: the deadline date is Tuesday 9-29 (9-22, 9-23, 9-24, then 9-25…9-27 off
 * for Mid-Autumn, 9-28, 9-29). Handler h1, leader l1, reviewer r1.
 */
function aCase(over: Partial<CaseFacts> = {}, events: CaseFacts['timeline'] = []): CaseFacts {
  return {
    id: 'XN1',
    itemCode: 'I1',
    itemName: '示例 Example',
    departmentId: 'd1',
    receivedBy: { kind: 'window', departmentId: 'd1', windowId: 'w1', comprehensive: false },
    acceptedOn: '2026-09-21',
    deadlineDate: '2026-09-29',
    workingDays: 5,
    handler: { id: 'h1', name: '张三' },
    leader: { id: 'l1', name: '李四' },
    timeline: [
      { type: 'RECEIVED', at: '2026-09-21T09:00:00+08:00', by: 'c1' },
      { type: 'ACCEPTED', at: '2026-09-21T09:00:00+08:00', by: 'c1' },
      ...events,
    ],
    ...over,
  };
}

const last = (c: CaseFacts) => contributionsOf(c, c.timeline.length - 1, calendar);

/** The contributions as `day KIND#id {counters}` lines, for exact comparison. */
function lines(cs: readonly Contribution[]): string[] {
  return cs.map((c) => `${c.day} ${unitKey(c.unit)} ${JSON.stringify(c.counters)}`);
}

/** The units a list of contributions touches, with their department. */
function units(cs: readonly Contribution[]): string[] {
  return cs.map((c) => `${unitKey(c.unit)}@${c.unit.departmentId ?? '-'}`);
}

const caseUnits = ['CENTRE#centre@-', 'DEPARTMENT#d1@d1', 'ITEM#I1@d1'];

describe('contributionsOf: which units, which counters, which day', () => {
  it('RECEIVED at a window: the centre, the department, the item, the window and the receiving clerk', () => {
    const c = aCase();
    expect(units(contributionsOf(c, 0, calendar))).toEqual([...caseUnits, 'WINDOW#d1/w1@d1', 'OFFICER#c1@d1']);
    expect(contributionsOf(c, 0, calendar).every((x) => x.counters.received === 1 && x.day === '2026-09-21')).toBe(
      true,
    );
  });

  it('RECEIVED online: no window, and the applicant is nobody’s officer', () => {
    const c = aCase({
      receivedBy: { kind: 'online' },
      applicantSub: 'app1',
      timeline: [{ type: 'RECEIVED', at: '2026-09-21T09:00:00+08:00', by: 'app1' }],
    });
    expect(units(contributionsOf(c, 0, calendar))).toEqual(caseUnits);
  });

  it('an online application accepted or noticed at once, or resubmitted by the applicant: never the applicant as officer', () => {
    const online = { receivedBy: { kind: 'online' as const }, applicantSub: 'app1' };
    const accepted = aCase({
      ...online,
      timeline: [
        { type: 'RECEIVED', at: '2026-09-21T09:00:00+08:00', by: 'app1' },
        { type: 'ACCEPTED', at: '2026-09-21T09:00:00+08:00', by: 'app1' },
      ],
    });
    expect(units(last(accepted))).toEqual(caseUnits);
    const noticed = aCase({
      ...online,
      timeline: [
        { type: 'RECEIVED', at: '2026-09-21T09:00:00+08:00', by: 'app1' },
        { type: 'MATERIALS_REQUIRED', at: '2026-09-21T09:00:00+08:00', by: 'app1' },
        { type: 'REPEATED_NOTICE', at: '2026-09-22T09:00:00+08:00', by: 'app1' },
      ],
    });
    expect(units(contributionsOf(noticed, 1, calendar))).toEqual(caseUnits);
    expect(units(last(noticed))).toEqual(caseUnits);
    expect(last(noticed)[0]?.counters).toEqual({ repeatedNotices: 1 });
  });

  it('notices and acceptance at a window count for the window and the clerk', () => {
    const c = aCase({}, [
      { type: 'MATERIALS_REQUIRED', at: '2026-09-21T10:00:00+08:00', by: 'c1' },
      { type: 'REPEATED_NOTICE', at: '2026-09-22T10:00:00+08:00', by: 'c2' },
    ]);
    expect(lines(contributionsOf(c, 2, calendar))).toContain('2026-09-21 OFFICER#c1 {"notices":1}');
    expect(lines(contributionsOf(c, 2, calendar))).toContain('2026-09-21 WINDOW#d1/w1 {"notices":1}');
    expect(units(contributionsOf(c, 3, calendar))).toEqual([...caseUnits, 'WINDOW#d1/w1@d1', 'OFFICER#c2@d1']);
    expect(units(contributionsOf(c, 1, calendar))).toEqual([...caseUnits, 'WINDOW#d1/w1@d1', 'OFFICER#c1@d1']);
    expect(contributionsOf(c, 1, calendar)[0]?.counters).toEqual({ accepted: 1 });
  });

  it('DEEMED_ACCEPTED: accepted for the case and the window, no officer (the intake clock did it)', () => {
    const c = aCase({}, []);
    const deemed = aCase({
      timeline: [
        c.timeline[0] as CaseFacts['timeline'][number],
        { type: 'DEEMED_ACCEPTED', at: '2026-09-29T00:00:00+08:00', by: 'system:intake-clock' },
      ],
    });
    expect(units(last(deemed))).toEqual([...caseUnits, 'WINDOW#d1/w1@d1']);
    expect(last(deemed)[0]).toMatchObject({ day: '2026-09-29', counters: { accepted: 1 } });
  });

  it('at a comprehensive window of another department, the receiving clerk counts under the window’s department', () => {
    const c = aCase({ receivedBy: { kind: 'window', departmentId: 'd9', windowId: 'w0', comprehensive: true } });
    expect(units(contributionsOf(c, 0, calendar))).toEqual([...caseUnits, 'WINDOW#d9/w0@d9', 'OFFICER#c1@d9']);
    expect(units(contributionsOf(c, 1, calendar))).toEqual([...caseUnits, 'WINDOW#d9/w0@d9', 'OFFICER#c1@d9']);
  });

  it('an event late in the China-local evening counts on that China-local day, whatever its UTC date', () => {
    const c = aCase({}, [{ type: 'YELLOW_WARNING', at: '2026-09-30T23:30:00+08:00', by: 'system:clock' }]);
    // 2026-09-30T15:30Z: the same day in UTC; one later in the evening UTC would already be 10-01 in Shanghai.
    expect(last(c)[0]?.day).toBe('2026-09-30');
    const utcLate = aCase({}, [{ type: 'YELLOW_WARNING', at: '2026-09-30T16:30:00Z', by: 'system:clock' }]);
    expect(last(utcLate)[0]?.day).toBe('2026-10-01');
    const early = aCase({}, [{ type: 'YELLOW_WARNING', at: '2026-10-01T07:00:00+08:00', by: 'system:clock' }]);
    // 2026-09-30T23:00Z in UTC, but 10-01 in Shanghai.
    expect(last(early)[0]?.day).toBe('2026-10-01');
  });

  it('the clock’s events count against the handler on record; SUSPENDED for whoever paused; EXTENDED for who asked', () => {
    const cases: [string, string, Counters, string][] = [
      ['YELLOW_WARNING', 'system:clock', { yellowWarnings: 1 }, 'h1'],
      ['OVERDUE', 'system:clock', { overdue: 1 }, 'h1'],
      ['RED_CARD', 'system:clock', { redCards: 1 }, 'h1'],
      ['REVOKED', 's1', { revoked: 1 }, 'h1'],
      ['SUSPENDED', 'r1', { suspensions: 1 }, 'r1'],
    ];
    for (const [type, by, counters, officer] of cases) {
      const cs = last(aCase({}, [{ type, at: '2026-09-23T10:00:00+08:00', by }]));
      expect(units(cs), type).toEqual([...caseUnits, `OFFICER#${officer}@d1`]);
      expect(
        cs.every((x) => JSON.stringify(x.counters) === JSON.stringify(counters)),
        type,
      ).toBe(true);
    }
    const extended = aCase(
      {
        extension: { requestedBy: 'r1' },
      },
      [{ type: 'EXTENDED', at: '2026-09-23T10:00:00+08:00', by: 'head1' }],
    );
    expect(units(last(extended))).toEqual([...caseUnits, 'OFFICER#r1@d1']);
  });

  it('WITHDRAWN counts for the case only; RESUMED, EXTENSION_REQUESTED, DEEMED_APPROVAL_CONFIRMED and unknown types add nothing', () => {
    expect(units(last(aCase({}, [{ type: 'WITHDRAWN', at: '2026-09-23T10:00:00+08:00', by: 'app1' }])))).toEqual(
      caseUnits,
    );
    for (const type of ['RESUMED', 'EXTENSION_REQUESTED', 'DEEMED_APPROVAL_CONFIRMED', 'SOMETHING_OLD']) {
      expect(last(aCase({}, [{ type, at: '2026-09-23T10:00:00+08:00', by: 'r1' }])), type).toEqual([]);
    }
    expect(contributionsOf(aCase(), 99, calendar)).toEqual([]);
  });

  it('gives every event type this version writes its place: the ones that add nothing are listed on purpose', () => {
    const silent = ['RESUMED', 'EXTENSION_REQUESTED', 'DEEMED_APPROVAL_CONFIRMED'];
    for (const type of timelineEventTypes) {
      const c = aCase({ decision: { by: 'r1', late: false }, extension: { requestedBy: 'r1' } }, [
        { type, at: '2026-09-23T10:00:00+08:00', by: 'r1' },
      ]);
      expect(last(c).length > 0, type).toBe(!silent.includes(type));
    }
  });
});

describe('closings: on time, early, late, deemed, on the spot', () => {
  const decided = (at: string, late = false) =>
    aCase({ decision: { by: 'r1', late } }, [{ type: 'APPROVED', at, by: 'r1' }]);

  it('decided before the deadline date: closed, on time, early; working days after acceptance through the day', () => {
    const cs = last(decided('2026-09-24T15:00:00+08:00'));
    expect(units(cs)).toEqual([...caseUnits, 'OFFICER#r1@d1']);
    expect(cs[0]?.counters).toEqual({
      closed: 1,
      closedOnTime: 1,
      closedEarly: 1,
      workingDaysToClose: 3,
      promisedWorkingDays: 5,
    });
  });

  it('decided on the deadline date: on time, not early; the holiday days are not counted', () => {
    expect(last(decided('2026-09-29T23:59:00+08:00'))[0]?.counters).toEqual({
      closed: 1,
      closedOnTime: 1,
      workingDaysToClose: 5,
      promisedWorkingDays: 5,
    });
  });

  it('decided late on an OVERDUE case: closed, neither on time nor early', () => {
    const c = aCase({ decision: { by: 'r1', late: true } }, [
      { type: 'OVERDUE', at: '2026-09-30T00:00:00+08:00', by: 'system:clock' },
      { type: 'REJECTED', at: '2026-10-08T10:00:00+08:00', by: 'r1' },
    ]);
    expect(last(c)[0]?.counters).toEqual({ closed: 1, workingDaysToClose: 7, promisedWorkingDays: 5 });
  });

  it('deemed approved: closed, not on time; the working days are those up to the deadline, whenever the rule was applied', () => {
    const at = (when: string) => last(aCase({}, [{ type: 'DEEMED_APPROVED', at: when, by: 'system:reconciler' }]));
    const atDeadline = at('2026-09-30T00:00:00+08:00');
    expect(units(atDeadline)).toEqual([...caseUnits, 'OFFICER#h1@d1']);
    expect(atDeadline[0]).toMatchObject({
      day: '2026-09-30',
      counters: { closed: 1, deemedApprovals: 1, workingDaysToClose: 5, promisedWorkingDays: 5 },
    });
    expect(atDeadline[0]?.counters.closedOnTime).toBeUndefined();
    // The handler is charged with it, not credited with a closing.
    expect(atDeadline[3]?.counters).toEqual({ deemedApprovals: 1 });
    // Applied by the reconciler after National Day: still 5 working days used, counted on the day it happened.
    const later = at('2026-10-08T09:00:00+08:00');
    expect(later[0]).toMatchObject({ day: '2026-10-08', counters: { workingDaysToClose: 5 } });
  });

  it('with pauses: the working days paused are not used; a holiday inside is not counted either', () => {
    // Paused 2 working days: the deadline moved from 9-29 to 10-08 (9-30, then 10-01…10-07 off, 10-08).
    const c = aCase({ deadlineDate: '2026-10-08', pauses: [{ workingDays: 2 }], decision: { by: 'r1', late: false } }, [
      { type: 'APPROVED', at: '2026-10-08T17:00:00+08:00', by: 'r1' },
    ]);
    // 9-22, 9-23, 9-24, 9-28, 9-29, 9-30, 10-08 = 7, less 2 paused.
    expect(last(c)[0]?.counters).toEqual({ closed: 1, closedOnTime: 1, workingDaysToClose: 5, promisedWorkingDays: 5 });
    // A pause still open (no working days recorded yet) subtracts nothing.
    expect(workingDaysBetween(calendar, '2026-09-21', '2026-10-08')).toBe(7);
  });

  it('on the spot at a window: closed on time and on the spot, for the window and the clerk, 0 days, never early', () => {
    const c = aCase(
      {
        handledOnTheSpot: true,
        workingDays: 0,
        deadlineDate: '2026-09-21',
        decision: { by: 'c1', late: false },
      },
      [{ type: 'APPROVED', at: '2026-09-21T09:00:00+08:00', by: 'c1' }],
    );
    const cs = last(c);
    expect(units(cs)).toEqual([...caseUnits, 'WINDOW#d1/w1@d1', 'OFFICER#c1@d1']);
    expect(cs[0]?.counters).toEqual({
      closed: 1,
      closedOnTime: 1,
      closedOnTheSpot: 1,
      workingDaysToClose: 0,
      promisedWorkingDays: 0,
    });
  });

  it('on the spot on a Saturday: accepted (by the rule) on the next working day, still not early', () => {
    // Received and decided Saturday 2026-09-26 (Mid-Autumn), accepted on Monday 9-28 with limit 0.
    const c = aCase(
      {
        handledOnTheSpot: true,
        workingDays: 0,
        acceptedOn: '2026-09-28',
        deadlineDate: '2026-09-28',
        decision: { by: 'c1', late: false },
        timeline: [
          { type: 'RECEIVED', at: '2026-09-26T10:00:00+08:00', by: 'c1' },
          { type: 'ACCEPTED', at: '2026-09-26T10:00:00+08:00', by: 'c1' },
          { type: 'APPROVED', at: '2026-09-26T10:00:00+08:00', by: 'c1' },
        ],
      },
      [],
    );
    expect(last(c)[0]?.counters).toEqual({
      closed: 1,
      closedOnTime: 1,
      closedOnTheSpot: 1,
      workingDaysToClose: 0,
      promisedWorkingDays: 0,
    });
  });

  it('a decision at a comprehensive window of another department: the window and the clerk under their own department', () => {
    const c = aCase(
      {
        receivedBy: { kind: 'window', departmentId: 'd9', windowId: 'w0', comprehensive: true },
        handledOnTheSpot: true,
        workingDays: 0,
        deadlineDate: '2026-09-21',
        decision: { by: 'c1', late: false },
      },
      [{ type: 'APPROVED', at: '2026-09-21T09:00:00+08:00', by: 'c1' }],
    );
    expect(units(last(c))).toEqual([...caseUnits, 'WINDOW#d9/w0@d9', 'OFFICER#c1@d9']);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after `from` through `to`', () => {
    expect(workingDaysBetween(calendar, '2026-09-21', '2026-09-21')).toBe(0);
    expect(workingDaysBetween(calendar, '2026-09-21', '2026-09-22')).toBe(1);
    // Over Mid-Autumn (9-25…27 off) and National Day (10-01…07 off; Saturday 10-10 worked): 9-28, 9-29, 9-30,
    // 10-08, 10-09, 10-10.
    expect(workingDaysBetween(calendar, '2026-09-24', '2026-10-10')).toBe(6);
    expect(workingDaysBetween(calendar, '2026-09-22', '2026-09-21')).toBe(0);
  });
});

describe('referralContributions', () => {
  it('counts for the centre, the referring window’s department, the window and the clerk who answered', () => {
    const cs = referralContributions({
      at: '2026-09-30T23:30:00+08:00',
      itemCode: 'I2',
      answeredBy: 'c1',
      receivedBy: { departmentId: 'd1', windowId: 'w1' },
    });
    expect(lines(cs)).toEqual([
      '2026-09-30 CENTRE#centre {"referred":1}',
      '2026-09-30 DEPARTMENT#d1 {"referred":1}',
      '2026-09-30 WINDOW#d1/w1 {"referred":1}',
      '2026-09-30 OFFICER#c1 {"referred":1}',
    ]);
  });
});

describe('metricsOf and the definitions', () => {
  it('derives rates, averages and the speed-up from the counts; over nothing they are null', () => {
    const m = metricsOf({
      closed: 4,
      closedOnTime: 3,
      closedEarly: 1,
      closedOnTheSpot: 1,
      workingDaysToClose: 9,
      promisedWorkingDays: 15,
    });
    expect(m).toMatchObject({
      onTimeRate: 0.75,
      earlyRate: 0.25,
      immediateShareOfCases: 0.25,
      averageWorkingDays: 2.25,
      speedUp: 0.4,
      overdue: 0,
    });
    expect(metricsOf({})).toMatchObject({
      closed: 0,
      onTimeRate: null,
      earlyRate: null,
      averageWorkingDays: null,
      speedUp: null,
    });
  });

  it('adds counters name by name', () => {
    expect(addCounters({ closed: 1, overdue: 2 }, { closed: 2, received: 1 })).toEqual({
      closed: 3,
      overdue: 2,
      received: 1,
    });
  });

  it('defines every metric, in both languages', () => {
    for (const name of Object.keys(metricsOf({}))) {
      const d = metricDefinitions[name as keyof typeof metricDefinitions];
      expect(d?.definition, name).toBeTruthy();
      expect(d?.name.zh && d.name.en, name).toBeTruthy();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties over any case history the lifecycle allows.

type Step = { type: string; gapHours: number; by: string };

/** A random history along the lifecycle: intake, maybe notices, acceptance, then a way to close (or not). */
const histories = fc
  .record({
    window: fc.constantFrom('w1', undefined),
    notices: fc.integer({ min: 0, max: 2 }),
    deemedAccept: fc.boolean(),
    pauses: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }),
    warn: fc.boolean(),
    end: fc.constantFrom('APPROVED', 'REJECTED', 'DEEMED', 'OVERDUE', 'OVERDUE_DECIDED', 'WITHDRAWN', 'OPEN', 'SPOT'),
    revoke: fc.boolean(),
    gaps: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 12, maxLength: 12 }),
    start: fc.integer({ min: 0, max: 360 * 24 }),
  })
  .map((h): CaseFacts => {
    const steps: Step[] = [{ type: 'RECEIVED', gapHours: 0, by: 'c1' }];
    if (h.end === 'SPOT') {
      steps.push({ type: 'ACCEPTED', gapHours: 0, by: 'c1' }, { type: 'APPROVED', gapHours: 0, by: 'c1' });
    } else {
      for (let i = 0; i < h.notices; i++)
        steps.push({ type: i ? 'REPEATED_NOTICE' : 'MATERIALS_REQUIRED', gapHours: h.gaps[i] ?? 0, by: 'c1' });
      steps.push({
        type: h.deemedAccept && !h.notices ? 'DEEMED_ACCEPTED' : 'ACCEPTED',
        gapHours: h.gaps[3] ?? 0,
        by: 'c1',
      });
      for (const _ of h.pauses)
        steps.push({ type: 'SUSPENDED', gapHours: 1, by: 'r1' }, { type: 'RESUMED', gapHours: 48, by: 'r1' });
      if (h.warn) steps.push({ type: 'YELLOW_WARNING', gapHours: h.gaps[4] ?? 0, by: 'system:clock' });
      const g = h.gaps[5] ?? 0;
      if (h.end === 'APPROVED' || h.end === 'REJECTED') steps.push({ type: h.end, gapHours: g, by: 'r1' });
      if (h.end === 'DEEMED') {
        steps.push({ type: 'DEEMED_APPROVED', gapHours: g, by: 'system:clock' });
        if (h.revoke) steps.push({ type: 'REVOKED', gapHours: 10, by: 's1' });
      }
      if (h.end === 'OVERDUE' || h.end === 'OVERDUE_DECIDED') {
        steps.push({ type: 'OVERDUE', gapHours: g, by: 'system:clock' });
        if (h.revoke) steps.push({ type: 'RED_CARD', gapHours: 60, by: 'system:clock' });
        if (h.end === 'OVERDUE_DECIDED') steps.push({ type: 'APPROVED', gapHours: h.gaps[6] ?? 0, by: 'r1' });
      }
      if (h.end === 'WITHDRAWN') steps.push({ type: 'WITHDRAWN', gapHours: g, by: 'app1' });
    }
    let t = Date.parse('2026-01-01T00:00:00+08:00') + h.start * 3_600_000;
    const timeline = steps.map((s) => {
      t += s.gapHours * 3_600_000;
      return { type: s.type, at: new Date(t).toISOString(), by: s.by };
    });
    const acceptedAt = timeline.find((e) => e.type === 'ACCEPTED' || e.type === 'DEEMED_ACCEPTED')?.at ?? '';
    const acceptedOn = calendar.nextWorkingDayOnOrAfter(
      new Date(Date.parse(acceptedAt) + 8 * 3_600_000).toISOString().slice(0, 10),
    ).date;
    const spot = h.end === 'SPOT';
    return aCase({
      receivedBy: h.window
        ? { kind: 'window', departmentId: 'd1', windowId: h.window, comprehensive: false }
        : { kind: 'online' },
      acceptedOn,
      deadlineDate: calendar.addWorkingDays(acceptedOn, spot ? 0 : 5).date,
      workingDays: spot ? 0 : 5,
      handledOnTheSpot: spot,
      pauses: h.pauses.map((workingDays) => ({ workingDays })),
      ...(h.end === 'APPROVED' || h.end === 'REJECTED' || h.end === 'OVERDUE_DECIDED' || spot
        ? { decision: { by: spot ? 'c1' : 'r1', late: h.end === 'OVERDUE_DECIDED' } }
        : {}),
      timeline,
    });
  });

function sums(cases: readonly CaseFacts[]): Map<string, Counters> {
  const out = new Map<string, Counters>();
  for (const c of cases) {
    for (let seq = 0; seq < c.timeline.length; seq++) {
      for (const x of contributionsOf(c, seq, calendar)) {
        const key = unitKey(x.unit);
        out.set(key, addCounters(out.get(key) ?? {}, x.counters));
      }
    }
  }
  return out;
}

describe('properties over any case history', () => {
  it('closed on time ≤ closed, early ≤ on time, on the spot ≤ closed; each case closes at most once', () => {
    fc.assert(
      fc.property(histories, (c) => {
        const all = sums([c]);
        for (const counters of all.values()) {
          const m = metricsOf(counters);
          expect(m.closedOnTime).toBeLessThanOrEqual(m.closed);
          expect(m.closedEarly).toBeLessThanOrEqual(m.closedOnTime);
          expect(m.closedOnTheSpot).toBeLessThanOrEqual(m.closed);
        }
        expect(all.get('CENTRE#centre')?.closed ?? 0).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('the centre’s counts are the sum of the departments’; every rate is in [0, 1] or null', () => {
    fc.assert(
      fc.property(fc.array(histories, { maxLength: 8 }), (cs) => {
        const depts = (c: CaseFacts, i: number): CaseFacts => ({ ...c, id: `X${i}`, departmentId: `d${i % 3}` });
        const all = sums(cs.map(depts));
        let departments: Counters = {};
        for (const [key, counters] of all)
          if (key.startsWith('DEPARTMENT#')) departments = addCounters(departments, counters);
        const centre = all.get('CENTRE#centre') ?? {};
        for (const name of counterNames) expect(departments[name] ?? 0, name).toBe(centre[name] ?? 0);
        for (const counters of all.values()) {
          const m = metricsOf(counters);
          for (const rate of [m.onTimeRate, m.earlyRate, m.immediateShareOfCases]) {
            if (rate !== null) {
              expect(rate).toBeGreaterThanOrEqual(0);
              expect(rate).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
    );
  });

  it('a unit key keeps one department: an officer is never counted under two departments by one case', () => {
    fc.assert(
      fc.property(histories, (c) => {
        const seen = new Map<string, string | undefined>();
        for (let seq = 0; seq < c.timeline.length; seq++) {
          for (const x of contributionsOf(c, seq, calendar)) {
            const key = unitKey(x.unit);
            if (seen.has(key)) expect(seen.get(key), key).toBe(x.unit.departmentId);
            seen.set(key, x.unit.departmentId);
          }
        }
      }),
    );
  });
});
