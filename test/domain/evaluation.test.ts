import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import {
  type AccountabilityFacts,
  addCounters,
  answeredOnTime,
  type BaselineFacts,
  type CaseFacts,
  type Contribution,
  type Counters,
  campaignPhases,
  contributionsOf,
  counterNames,
  defaultAwardConfig,
  definitionsVersion,
  grievanceContributions,
  type ItemFacts,
  immediateShareOfItems,
  immediateShareOfItemsDefinition,
  inspectionContributions,
  metricDefinitions,
  metricsOf,
  monthToDate,
  parsePeriod,
  periodsClosingOn,
  rankAwards,
  ratingContributions,
  referralContributions,
  scorecard,
  targetDefinitions,
  type UnitFigures,
  unitKey,
  workingDaysBetween,
} from '../../functions/domain/evaluation.ts';
import { addDays } from '../../functions/domain/time.ts';
import { timelineEventTypes } from '../../functions/domain/timeline.ts';
import type { CaseRecord } from '../../functions/store/cases.ts';

const calendar = new WorkingCalendar();

// The stored case is what the tally passes: it must satisfy the facts the evaluation reads (checked by tsc).
const _storedCaseIsFacts = (c: CaseRecord): CaseFacts => c;
void _storedCaseIsFacts;

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

// ---------------------------------------------------------------------------------------------------------------
// Periods, phases, the scorecard and the awards.

describe('parsePeriod', () => {
  it.each([
    ['2026-10', 'MONTH', '2026-10-01', '2026-10-31'],
    ['2028-02', 'MONTH', '2028-02-01', '2028-02-29'],
    ['2026-Q1', 'QUARTER', '2026-01-01', '2026-03-31'],
    ['2026-Q4', 'QUARTER', '2026-10-01', '2026-12-31'],
    ['2026', 'YEAR', '2026-01-01', '2026-12-31'],
    ['2026-mobilisation', 'PHASE', '2026-01-01', '2026-03-31'],
    ['2026-find-and-fix', 'PHASE', '2026-04-01', '2026-06-30'],
    ['2026-rectification', 'PHASE', '2026-07-01', '2026-11-10'],
    ['2026-summing-up', 'PHASE', '2026-11-11', '2026-12-31'],
    ['2026-09-15..2026-10-14', 'RANGE', '2026-09-15', '2026-10-14'],
    ['2026-01-01..2026-12-31', 'RANGE', '2026-01-01', '2026-12-31'],
    ['2028-01-01..2028-12-31', 'RANGE', '2028-01-01', '2028-12-31'],
  ])('%s → %s %s..%s', (text, kind, from, to) => {
    const p = parsePeriod(text);
    expect(p).toMatchObject({ id: text, kind, from, to });
    expect('name' in p && p.name.zh && p.name.en).toBeTruthy();
  });

  it.each([
    ['', 'empty'],
    ['2026-13', 'month'],
    ['2026-00', 'month'],
    ['2026-Q5', 'YYYY-Qn'],
    ['2026-q1', 'YYYY-Qn'],
    ['26', 'YYYY'],
    ['2026-winter', 'mobilisation'],
    ['2026-02-30..2026-03-01', 'not a date'],
    ['2026-10-02..2026-10-01', 'after'],
    ['2026-01-01..2027-01-02', '366'],
    ['2026-10-01', 'YYYY-MM-DD..YYYY-MM-DD'],
  ])('refuses %j with a reason naming the problem (%s)', (text, words) => {
    const p = parsePeriod(text);
    expect(p).toHaveProperty('error');
    expect((p as { error: string }).error).toContain(words);
  });
});

describe('campaignPhases', () => {
  it('cover every day of a year exactly once, in order, each with a bilingual name', () => {
    for (const year of ['2026', '2028']) {
      const seen: string[] = [];
      for (const phase of campaignPhases) {
        const p = parsePeriod(`${year}-${phase.id}`);
        if ('error' in p) throw new Error(p.error);
        for (let d = p.from; d <= p.to; d = addDays(d, 1)) seen.push(d);
        expect(phase.name.zh && phase.name.en).toBeTruthy();
      }
      const all: string[] = [];
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) all.push(d);
      expect(seen).toEqual(all);
    }
  });
});

describe('periodsClosingOn and monthToDate', () => {
  const ids = (day: string) => periodsClosingOn(day).map((p) => p.id);
  it('names the month, quarter, phase and year ending on a day', () => {
    expect(ids('2026-10-31')).toEqual(['2026-10']);
    expect(ids('2026-03-31')).toEqual(['2026-03', '2026-Q1', '2026-mobilisation']);
    expect(ids('2026-06-30')).toEqual(['2026-06', '2026-Q2', '2026-find-and-fix']);
    expect(ids('2026-11-10')).toEqual(['2026-rectification']);
    expect(ids('2026-12-31')).toEqual(['2026-12', '2026-Q4', '2026-summing-up', '2026']);
    expect(ids('2028-02-29')).toEqual(['2028-02']);
    expect(ids('2026-10-05')).toEqual([]);
  });

  it('the month to date: the month so far, marked incomplete', () => {
    expect(monthToDate('2026-10-05')).toMatchObject({
      id: '2026-10',
      kind: 'MONTH',
      from: '2026-10-01',
      to: '2026-10-05',
      complete: false,
    });
  });
});

const item = (over: Partial<ItemFacts> & { code: string }): ItemFacts => ({
  departmentId: 'd1',
  status: 'PUBLISHED',
  handlingMode: 'PROMISED',
  legalLimitDays: 20,
  promisedLimitDays: 10,
  guideComplete: true,
  ...over,
});
const base = (over: Partial<BaselineFacts> & { code: string }): BaselineFacts => ({
  handlingMode: 'PROMISED',
  legalLimitDays: 20,
  promisedLimitDays: 10,
  ...over,
});

describe('scorecard', () => {
  // Baseline: 1 immediate of 4 (25 %), three time-limited items of 10 days (30 days in all).
  const baselines = [
    base({ code: 'A', handlingMode: 'IMMEDIATE', promisedLimitDays: 0 }),
    base({ code: 'B' }),
    base({ code: 'C' }),
    base({ code: 'D' }),
  ];

  it('measures the four targets against the baseline, each with its definition and unit', () => {
    const items = [
      item({ code: 'A', handlingMode: 'IMMEDIATE', promisedLimitDays: 0 }),
      item({ code: 'B', handlingMode: 'IMMEDIATE', promisedLimitDays: 0 }), // now immediate: shorter, 0 days
      item({ code: 'C', promisedLimitDays: 7 }), // shorter
      item({ code: 'D', promisedLimitDays: 10, guideComplete: false }),
    ];
    const s = scorecard(baselines, items);
    // 2 of 4 now immediate (50 %) against 25 %: +25 percentage points, target 40 %.
    expect(s.immediateShare).toMatchObject({
      unit: 'percentage points',
      baseline: 25,
      current: 50,
      target: 40,
      met: true,
    });
    expect(s.immediateShare.definition).toContain('percentage points');
    // B and C of B, C, D shortened: 2/3.
    expect(s.shortenedItems).toMatchObject({ unit: 'share', baseline: 0, current: 0.6667, target: 0.3333, met: true });
    // 1 − (0 + 7 + 10) / 30 = 0.4333.
    expect(s.promisedTimeReduction).toMatchObject({
      unit: 'share',
      baseline: 0,
      current: 0.4333,
      target: 0.3,
      met: true,
    });
    // 3 of 4 guides complete; the baseline did not record completeness.
    expect(s.onlineDisclosure).toMatchObject({ unit: 'share', baseline: null, current: 0.75, target: 1, met: false });
    expect(s.onlineDisclosure.note).toBeTruthy();
    for (const t of Object.values(s)) expect(t.definition && t.name.zh && t.name.en).toBeTruthy();
  });

  it('compares exactly at the boundary: +15 points and a third are met, 30 % less is met', () => {
    // Baseline 1 of 20 immediate (5 %); now 4 of 20 (20 %): exactly +15.
    const b = Array.from({ length: 20 }, (_, i) =>
      base({ code: `X${i}`, ...(i < 1 ? { handlingMode: 'IMMEDIATE' as const, promisedLimitDays: 0 } : {}) }),
    );
    const now = b.map((x, i) =>
      item({ code: x.code, ...(i < 4 ? { handlingMode: 'IMMEDIATE' as const, promisedLimitDays: 0 } : {}) }),
    );
    expect(scorecard(b, now).immediateShare).toMatchObject({ baseline: 5, current: 20, target: 20, met: true });
    // 3 time-limited items, one shortened (exactly a third), 30 days → 21 days (exactly 30 % less).
    const three = [base({ code: 'P' }), base({ code: 'Q' }), base({ code: 'R' })];
    const s = scorecard(three, [
      item({ code: 'P', promisedLimitDays: 1 }),
      item({ code: 'Q', promisedLimitDays: 10 }),
      item({ code: 'R', promisedLimitDays: 10 }),
    ]);
    expect(s.shortenedItems.met).toBe(true);
    expect(s.promisedTimeReduction).toMatchObject({ current: 0.3, met: true });
    const short = scorecard(three, [
      item({ code: 'P', promisedLimitDays: 2 }),
      item({ code: 'Q', promisedLimitDays: 10 }),
      item({ code: 'R', promisedLimitDays: 10 }),
    ]);
    expect(short.promisedTimeReduction).toMatchObject({ current: 0.2667, met: false });
  });

  it('leaves retired items out of the time targets and says so; the baseline’s disclosure where recorded', () => {
    const s = scorecard(
      [base({ code: 'B', guideComplete: false }), base({ code: 'C', guideComplete: true })],
      [item({ code: 'B', promisedLimitDays: 5 }), item({ code: 'C', status: 'RETIRED', promisedLimitDays: 1 })],
    );
    expect(s.shortenedItems).toMatchObject({ current: 1, met: true });
    expect(s.shortenedItems.note).toContain('1');
    expect(s.promisedTimeReduction).toMatchObject({ current: 0.5 });
    expect(s.onlineDisclosure).toMatchObject({ baseline: 0.5, current: 1, met: true });
  });

  it('without a baseline: null figures and met, with a note, never a made-up zero', () => {
    const s = scorecard([], [item({ code: 'A' })]);
    expect(s.immediateShare).toMatchObject({ baseline: null, target: null, met: null });
    expect(s.immediateShare.note).toBeTruthy();
    expect(s.shortenedItems).toMatchObject({ current: null, met: null });
    expect(s.promisedTimeReduction).toMatchObject({ current: null, met: null });
    expect(scorecard([], []).onlineDisclosure).toMatchObject({ current: null, met: null });
  });
});

describe('immediateShareOfItems', () => {
  it('is the share of published items handled as IMMEDIATE; null without any', () => {
    expect(
      immediateShareOfItems([
        item({ code: 'A', handlingMode: 'IMMEDIATE', promisedLimitDays: 0 }),
        item({ code: 'B' }),
        item({ code: 'C' }),
        item({ code: 'D', status: 'RETIRED', handlingMode: 'IMMEDIATE' }),
      ]),
    ).toBe(0.3333);
    expect(immediateShareOfItems([])).toBeNull();
  });
});

describe('rankAwards', () => {
  const dept = (id: string, counters: Counters): UnitFigures => ({
    unit: { kind: 'DEPARTMENT', id, departmentId: id },
    metrics: metricsOf(counters),
  });
  const officer = (id: string, counters: Counters, departmentId = 'd1'): UnitFigures => ({
    unit: { kind: 'OFFICER', id, departmentId },
    metrics: metricsOf(counters),
  });
  const good: Counters = {
    closed: 20,
    closedOnTime: 20,
    closedEarly: 10,
    workingDaysToClose: 50,
    promisedWorkingDays: 100,
  };
  const fair: Counters = {
    closed: 20,
    closedOnTime: 18,
    closedEarly: 2,
    workingDaysToClose: 90,
    promisedWorkingDays: 100,
  };
  const record = (over: Partial<AccountabilityFacts>): AccountabilityFacts => ({
    caseId: 'XN9',
    reason: 'OVERDUE',
    departmentId: 'd9',
    handlerId: 'h9',
    leaderId: 'l9',
    at: '2026-05-06T00:00:00+08:00',
    substantiated: true,
    ...over,
  });

  it('ranks by score, best first; the score is documented with the configuration', () => {
    const a = rankAwards({
      year: '2026',
      departments: [dept('d2', fair), dept('d1', good)],
      officers: [],
      records: [],
    });
    expect(a.civilisedSections.ranked.map((c) => [c.rank, c.unit.id])).toEqual([
      [1, 'd1'],
      [2, 'd2'],
    ]);
    expect(a.civilisedSections.ranked[0]?.score).toBeGreaterThan(a.civilisedSections.ranked[1]?.score ?? 0);
    expect(a.scoring).toContain(String(defaultAwardConfig.weights.onTimeRate));
    expect(a.year).toBe('2026');
  });

  it('penalises overdue cases, deemed approvals, red cards and repeated notices', () => {
    const a = rankAwards({
      year: '2026',
      departments: [dept('d1', { ...good, overdue: 2 }), dept('d2', good), dept('d3', { ...good, repeatedNotices: 1 })],
      officers: [],
      records: [],
    });
    expect(a.civilisedSections.ranked.map((c) => c.unit.id)).toEqual(['d2', 'd3', 'd1']);
  });

  it('breaks ties by volume, then by id: the same input always gives the same order', () => {
    const a = rankAwards({
      year: '2026',
      departments: [
        dept('d3', good),
        dept('d1', good),
        dept('d2', {
          ...good,
          closed: 40,
          closedOnTime: 40,
          closedEarly: 20,
          workingDaysToClose: 100,
          promisedWorkingDays: 200,
        }),
      ],
      officers: [],
      records: [],
    });
    expect(a.civilisedSections.ranked.map((c) => c.unit.id)).toEqual(['d2', 'd1', 'd3']);
  });

  it('keeps to the quotas and the minimum volume (configurable)', () => {
    const many = Array.from({ length: 35 }, (_, i) => dept(`d${String(i).padStart(2, '0')}`, good));
    const a = rankAwards({
      year: '2026',
      departments: [...many, dept('tiny', { closed: 1, closedOnTime: 1 })],
      officers: [],
      records: [],
    });
    expect(a.civilisedSections.ranked).toHaveLength(30);
    expect(a.civilisedSections.excluded).toContainEqual(
      expect.objectContaining({ unit: expect.objectContaining({ id: 'tiny' }), kind: 'BELOW_MINIMUM_VOLUME' }),
    );
    const config = { ...defaultAwardConfig, quotas: { ...defaultAwardConfig.quotas, civilisedSections: 2 } };
    expect(
      rankAwards({ year: '2026', departments: many, officers: [], records: [] }, config).civilisedSections.ranked,
    ).toHaveLength(2);
  });

  it('never proposes a department or an officer with a substantiated record that year, and says why', () => {
    const a = rankAwards({
      year: '2026',
      departments: [dept('d1', good), dept('d2', good)],
      officers: [
        officer('h1', good),
        officer('l1', good),
        officer('r1', good),
        officer('c1', { received: 30, closed: 10, closedOnTime: 10, closedOnTheSpot: 10 }),
        officer('c2', { received: 30, closed: 10, closedOnTime: 10, closedOnTheSpot: 10 }),
      ],
      records: [
        record({ caseId: 'XN1', departmentId: 'd1', handlerId: 'h1', leaderId: 'l1', reason: 'DEEMED_APPROVAL' }),
        record({ caseId: 'XN2', departmentId: 'd1', handlerId: 'c2', leaderId: 'l1' }),
        record({ caseId: 'XN3', departmentId: 'd2', handlerId: 'r1', leaderId: 'l2', substantiated: false }),
        record({ caseId: 'XN4', departmentId: 'd2', handlerId: 'r1', leaderId: 'l2', at: '2025-12-31T23:00:00+08:00' }),
      ],
    });
    expect(a.civilisedSections.ranked.map((c) => c.unit.id)).toEqual(['d2']);
    expect(a.civilisedSections.excluded).toEqual([
      expect.objectContaining({
        unit: expect.objectContaining({ id: 'd1' }),
        kind: 'ACCOUNTABILITY',
        records: ['XN1#DEEMED_APPROVAL', 'XN2#OVERDUE'],
      }),
    ]);
    expect(a.civilisedSections.excluded[0]?.reason).toMatch(/问责/);
    expect(a.bestCivilServants.ranked.map((c) => c.unit.id).sort()).toEqual(['c1', 'r1']);
    expect(a.bestCivilServants.excluded.map((e) => [e.unit.id, e.records])).toEqual([
      ['c2', ['XN2#OVERDUE']],
      ['h1', ['XN1#DEEMED_APPROVAL']],
      ['l1', ['XN1#DEEMED_APPROVAL', 'XN2#OVERDUE']],
    ]);
    // Window officers: those with intake work (received > 0).
    expect(a.serviceStars.ranked.map((c) => c.unit.id)).toEqual(['c1']);
    expect(a.serviceStars.excluded.map((e) => e.unit.id)).toEqual(['c2']);
  });

  it('property: no one ranked has a substantiated record of the year; ranks are 1..n, scores never increase', () => {
    const ids = ['d1', 'd2', 'd3', 'd4'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.constantFrom(...ids),
            closed: fc.integer({ min: 0, max: 30 }),
            late: fc.integer({ min: 0, max: 30 }),
            overdue: fc.integer({ min: 0, max: 3 }),
          }),
          { maxLength: 6 },
        ),
        fc.array(
          fc.record({
            dept: fc.constantFrom(...ids),
            person: fc.constantFrom('o1', 'o2', 'o3'),
            substantiated: fc.boolean(),
          }),
          { maxLength: 4 },
        ),
        (units, recs) => {
          const unique = [...new Map(units.map((u) => [u.id, u])).values()];
          const figures = (u: (typeof unique)[number]) => ({
            closed: u.closed,
            closedOnTime: Math.max(0, u.closed - u.late),
            overdue: u.overdue,
          });
          const records = recs.map((r, i) =>
            record({
              caseId: `XN${i}`,
              departmentId: r.dept,
              handlerId: r.person,
              leaderId: 'lx',
              substantiated: r.substantiated,
            }),
          );
          const a = rankAwards({
            year: '2026',
            departments: unique.map((u) => dept(u.id, figures(u))),
            officers: unique.map((u) => officer(`o${u.id.slice(1)}`, figures(u))),
            records,
          });
          const barred = new Set(records.filter((r) => r.substantiated).flatMap((r) => [r.departmentId, r.handlerId]));
          for (const list of [a.civilisedSections, a.bestCivilServants, a.serviceStars]) {
            expect(list.ranked.map((c) => c.rank)).toEqual(list.ranked.map((_, i) => i + 1));
            for (const c of list.ranked) expect(barred.has(c.unit.id)).toBe(false);
            for (let i = 1; i < list.ranked.length; i++)
              expect(list.ranked[i]?.score).toBeLessThanOrEqual(list.ranked[i - 1]?.score ?? 0);
          }
        },
      ),
    );
  });
});

describe('definitionsVersion', () => {
  it('is a positive integer, recorded with every snapshot', () => {
    expect(Number.isInteger(definitionsVersion) && definitionsVersion > 0).toBe(true);
  });
});

describe('docs/evaluation.md', () => {
  const doc = readFileSync(new URL('../../docs/evaluation.md', import.meta.url), 'utf8');
  it('uses the same words as the definitions the output shows', () => {
    for (const [name, d] of Object.entries({ ...metricDefinitions, ...targetDefinitions })) {
      expect(doc, name).toContain(`| \`${name}\` | ${d.name.zh} ${d.name.en} |`);
      expect(doc, name).toContain(d.definition);
    }
    expect(doc).toContain(immediateShareOfItemsDefinition.definition);
    expect(doc).toContain(`\`definitionsVersion\` (now **${definitionsVersion}**)`);
  });

  it('states the default award configuration it describes', () => {
    const { weights: w, penalties: p, quotas: q } = defaultAwardConfig;
    expect(doc).toContain(
      `${w.onTimeRate} × on-time rate + ${w.earlyRate} × early rate + ${w.speedUp} × speed-up (held to −1…1) + ${w.immediateShareOfCases} × immediate share of cases`,
    );
    expect(doc).toContain(
      `(${p.overdue} × overdue + ${p.deemedApprovals} × deemed approvals + ${p.redCards} × red cards + ${p.repeatedNotices} × repeated notices)`,
    );
    for (const list of ['civilisedSections', 'bestCivilServants', 'serviceStars'] as const) {
      const v = defaultAwardConfig.volume[list];
      expect(doc, list).toMatch(new RegExp(`\\| \`${list}\`[^\\n]*${v.metric} ≥ ${v.minimum} \\| ${q[list]} \\|`));
    }
  });
});

describe('complaints and satisfaction (docs/rules.md §6, §7)', () => {
  const at = (day: string, time = '10:00') => `${day}T${time}:00+08:00`;
  const grievance = {
    id: 'GV-1',
    departmentId: 'market',
    assignedTo: 'tax',
    handleBy: { deadlineAt: '2026-05-06T16:00:00.000Z' },
    timeline: [
      { type: 'GRIEVANCE_RECEIVED', at: at('2026-03-02'), by: 'complainant' },
      { type: 'GRIEVANCE_ACCEPTED', at: at('2026-03-03'), by: 'supervisor-1' },
      { type: 'GRIEVANCE_ANSWERED', at: at('2026-05-06', '23:00'), by: 'reviewer-1' },
    ],
    findings: { substantiated: true, by: 'reviewer-1', at: at('2026-05-06', '23:00'), late: false },
  };
  const counted = (cs: ReturnType<typeof grievanceContributions>) =>
    Object.fromEntries(cs.map((c) => [`${c.unit.kind}#${c.unit.id}@${c.day}`, c.counters]));

  it('a grievance is received by the centre and the department named; answered by the one assigned', () => {
    expect(counted(grievanceContributions(grievance, 0))).toEqual({
      'CENTRE#centre@2026-03-02': { complaintsReceived: 1 },
      'DEPARTMENT#market@2026-03-02': { complaintsReceived: 1 },
    });
    expect(grievanceContributions(grievance, 1)).toEqual([]);
    expect(counted(grievanceContributions(grievance, 2))).toEqual({
      'CENTRE#centre@2026-05-06': { complaintsAnswered: 1, complaintsAnsweredOnTime: 1, complaintsSubstantiated: 1 },
      'DEPARTMENT#tax@2026-05-06': { complaintsAnswered: 1, complaintsAnsweredOnTime: 1, complaintsSubstantiated: 1 },
      // The officer who answered: credited with the answer, never charged with what the complaint found.
      'OFFICER#reviewer-1@2026-05-06': { complaintsAnswered: 1, complaintsAnsweredOnTime: 1 },
    });
  });

  it('answered on time means by the end of handleBy and not while overdue', () => {
    expect(answeredOnTime(grievance)).toBe(true);
    expect(answeredOnTime({ ...grievance, findings: { ...grievance.findings, at: at('2026-05-07', '00:00') } })).toBe(
      false,
    );
    expect(answeredOnTime({ ...grievance, findings: { ...grievance.findings, late: true } })).toBe(false);
    expect(answeredOnTime({ handleBy: grievance.handleBy })).toBe(false);
  });

  it('an overdue stage counts for the department only once it was assigned the grievance', () => {
    const early = {
      ...grievance,
      assignedTo: undefined,
      timeline: [
        grievance.timeline[0],
        { type: 'GRIEVANCE_OVERDUE', at: at('2026-03-18', '00:00'), by: 'system:clock' },
      ],
    } as unknown as typeof grievance;
    expect(Object.keys(counted(grievanceContributions(early, 1)))).toEqual(['CENTRE#centre@2026-03-18']);
    const late = {
      ...grievance,
      timeline: [
        ...grievance.timeline.slice(0, 2),
        { type: 'GRIEVANCE_OVERDUE', at: at('2026-05-07', '00:00'), by: 'x' },
      ],
    };
    expect(counted(grievanceContributions(late, 2))).toMatchObject({
      'DEPARTMENT#tax@2026-05-07': { complaintsOverdue: 1 },
    });
  });

  const rating = {
    departmentId: 'market',
    itemCode: 'SC-001',
    itemName: '企业设立登记',
    handler: { id: 'reviewer-1', name: '李' },
    level: 1 as const,
    bad: true,
    ratedAt: at('2026-11-02'),
    rectification: {
      contactBy: '2026-11-04T00:00:00+08:00',
      rectifyBy: '2026-11-24T00:00:00+08:00',
      contactedAt: at('2026-11-03'),
      rectifiedAt: at('2026-11-20'),
    },
    timeline: [
      { type: 'RATED', at: at('2026-11-02'), by: 'applicant' },
      { type: 'RATING_CONTACTED', at: at('2026-11-03'), by: 'clerk' },
      { type: 'RATING_RECTIFIED', at: at('2026-11-20'), by: 'clerk' },
      { type: 'RATING_APPEAL_UPHELD', at: at('2026-12-01'), by: 'supervisor' },
    ],
  };

  it('a rating counts on the day it was given: bad, rectified on time, taken out again when excluded', () => {
    const sum = (seqs: number[]) => {
      const m = new Map<string, Record<string, number>>();
      for (const seq of seqs) {
        for (const c of ratingContributions(rating, seq)) {
          const key = `${c.unit.kind}#${c.unit.id}@${c.day}`;
          m.set(key, addCounters(m.get(key) ?? {}, c.counters) as Record<string, number>);
        }
      }
      return Object.fromEntries(m);
    };
    expect(sum([0, 1, 2])).toEqual(
      Object.fromEntries(
        ['CENTRE#centre', 'DEPARTMENT#market', 'ITEM#SC-001', 'OFFICER#reviewer-1'].map((k) => [
          `${k}@2026-11-02`,
          { ratings: 1, badReviews: 1, badReviewsRectifiedOnTime: 1 },
        ]),
      ),
    );
    // Excluded on appeal (on 1 December): nothing of it is left on the 2 November but the exclusion.
    const after = sum([0, 1, 2, 3])['DEPARTMENT#market@2026-11-02'];
    expect(metricsOf(after ?? {})).toMatchObject({
      ratings: 0,
      badReviews: 0,
      badReviewsRectifiedOnTime: 0,
      ratingsExcluded: 1,
      satisfactionRate: null,
    });
    // Reported late: not on time.
    const late = { ...rating, rectification: { ...rating.rectification, rectifiedAt: at('2026-11-24') } };
    expect(ratingContributions(late, 2)).toEqual([]);
  });

  it('derives the complaints on-time rate, the satisfaction rate (levels 3–5 ÷ all) and the rectified-on-time rate', () => {
    expect(
      metricsOf({
        complaintsAnswered: 4,
        complaintsAnsweredOnTime: 3,
        ratings: 8,
        ratingsSatisfied: 6,
        badReviews: 2,
        badReviewsRectifiedOnTime: 1,
      }),
    ).toMatchObject({ complaintOnTimeRate: 0.75, satisfactionRate: 0.75, badReviewsRectifiedOnTimeRate: 0.5 });
    expect(metricsOf({})).toMatchObject({
      complaintOnTimeRate: null,
      satisfactionRate: null,
      badReviewsRectifiedOnTimeRate: null,
    });
  });
});

describe('law-enforcement inspections (docs/enforcement.md; definitions version 7)', () => {
  const at = (day: string, time = '10:00') => `${day}T${time}:00+08:00`;
  const counted = (cs: ReturnType<typeof inspectionContributions>) =>
    Object.fromEntries(cs.map((c) => [`${c.unit.kind}#${c.unit.id}@${c.day}`, c.counters]));
  const inspection = (overLimit: boolean) => ({
    id: 'EI20261102-X',
    departmentId: 'market',
    overLimit,
    timeline: [
      { type: 'INSPECTION_PLANNED', at: at('2026-11-02', '23:30') },
      { type: 'INSPECTION_APPROVED', at: at('2026-11-03') },
      { type: 'INSPECTION_FILED', at: at('2026-11-04') },
      { type: 'INSPECTION_RECORDED', at: at('2026-11-10') },
    ],
  });

  it('counts the plan (and over the limit) on its China-local day, and the record, for the centre and the department', () => {
    expect(counted(inspectionContributions(inspection(false), 0))).toEqual({
      'CENTRE#centre@2026-11-02': { inspectionsPlanned: 1 },
      'DEPARTMENT#market@2026-11-02': { inspectionsPlanned: 1 },
    });
    expect(counted(inspectionContributions(inspection(true), 0))).toEqual({
      'CENTRE#centre@2026-11-02': { inspectionsPlanned: 1, inspectionsOverLimit: 1 },
      'DEPARTMENT#market@2026-11-02': { inspectionsPlanned: 1, inspectionsOverLimit: 1 },
    });
    // Approval and filing add nothing; the record is carried out.
    expect(inspectionContributions(inspection(false), 1)).toEqual([]);
    expect(inspectionContributions(inspection(false), 2)).toEqual([]);
    expect(counted(inspectionContributions(inspection(false), 3))).toEqual({
      'CENTRE#centre@2026-11-10': { inspectionsCarriedOut: 1 },
      'DEPARTMENT#market@2026-11-10': { inspectionsCarriedOut: 1 },
    });
    // Past the timeline, or a yearly counter (no timeline): nothing.
    expect(inspectionContributions(inspection(false), 4)).toEqual([]);
    expect(inspectionContributions({ departmentId: 'market', overLimit: false }, 0)).toEqual([]);
  });
});
