import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_WAIT_DAYS } from '../../functions/common/clock-contract.ts';
import { WorkingCalendar, type YearCalendar } from '../../functions/domain/calendar.ts';
import { pauseReasons } from '../../functions/domain/case.ts';
import {
  type ClockFacts,
  type ClockPhase,
  type DayUnit,
  type DeadlineConsequence,
  type DutyPolicy,
  deadlineOf,
  dueNow,
  isDue,
  MILESTONES,
  movedDeadlineOf,
  nextWake,
  PAUSED_LOOK_AGAIN_DAYS,
  pausedDaysOf,
  policies,
  supervisionDeadlineOf,
  warningFrom,
} from '../../functions/domain/duty.ts';
import { addDays, type IsoDate, shanghaiDateOf, startOfShanghaiDay } from '../../functions/domain/time.ts';

const calendar = new WorkingCalendar();
const DAY_MS = 86_400_000;
const at = (iso: string) => new Date(iso);
const { APPROVAL, INTAKE_REVIEW } = policies;

/** A running approval clock due by the end of Thursday 2026-10-08 (accepted Monday 9-28, 3 working days). */
const running: ClockFacts = {
  phase: 'RUNNING',
  limit: 3,
  deadlineDate: '2026-10-08',
  deadlineAt: '2026-10-08T16:00:00.000Z',
};

describe('deadlineOf', () => {
  it('counts working days from the day after acceptance, over National Day 2026 (10-01…10-07 off)', () => {
    expect(deadlineOf(calendar, 'WORKING_DAYS', at('2026-09-28T10:00:00+08:00'), 3)).toMatchObject({
      startedOn: '2026-09-28',
      deadlineDate: '2026-10-08', // 9-29, 9-30, 10-08
      deadline: '2026-10-09T00:00:00+08:00',
      deadlineAt: at('2026-10-08T16:00:00.000Z'),
      provisional: false,
    });
    // 10-08, 10-09, then Saturday 10-10: an adjusted working day (调休).
    expect(deadlineOf(calendar, 'WORKING_DAYS', '2026-09-30', 3).deadlineDate).toBe('2026-10-10');
  });

  it('accepts a receipt on a day off on the next working day, and counts from the day after it', () => {
    // Received on National Day: accepted Thursday 10-08, day 1 is Friday 10-09.
    const d = deadlineOf(calendar, 'WORKING_DAYS', at('2026-10-03T09:00:00+08:00'), 1);
    expect([d.startedOn, d.deadlineDate]).toEqual(['2026-10-08', '2026-10-09']);
    // Received Saturday 9-19: accepted Sunday 9-20 (an adjusted working day), day 1 is Monday 9-21 (docs/rules.md §3).
    expect(deadlineOf(calendar, 'WORKING_DAYS', '2026-09-19', 1).deadlineDate).toBe('2026-09-21');
    // Limit 0 (an immediate item): the acceptance day itself.
    expect(deadlineOf(calendar, 'WORKING_DAYS', '2026-10-01', 0).deadlineDate).toBe('2026-10-08');
  });

  it('takes the Shanghai date of an instant, not its UTC date', () => {
    // 2026-09-30T17:00Z is already 10-01 in Shanghai.
    expect(deadlineOf(calendar, 'WORKING_DAYS', at('2026-09-30T17:00:00Z'), 1).deadlineDate).toBe('2026-10-09');
    expect(deadlineOf(calendar, 'WORKING_DAYS', at('2026-09-30T15:59:59.999Z'), 1).deadlineDate).toBe('2026-10-08');
    expect(deadlineOf(calendar, 'CALENDAR_DAYS', at('2026-09-30T17:00:00Z'), 9).startedOn).toBe('2026-10-01');
  });

  it('counts calendar days from the day after the start, a last day off moved to the next working day', () => {
    // 9-24 + 7 = 10-01, National Day → Thursday 10-08 (Civil Code Art.203).
    expect(deadlineOf(calendar, 'CALENDAR_DAYS', '2026-09-24', 7)).toEqual({
      startedOn: '2026-09-24',
      deadlineDate: '2026-10-08',
      deadline: '2026-10-09T00:00:00+08:00',
      deadlineAt: at('2026-10-08T16:00:00.000Z'),
      provisional: false,
    });
    // 9-30 + 10 = Saturday 10-10, an adjusted working day: it stays.
    expect(deadlineOf(calendar, 'CALENDAR_DAYS', '2026-09-30', 10).deadlineDate).toBe('2026-10-10');
    // 9-30 + 11 = Sunday 10-11 → Monday 10-12.
    expect(deadlineOf(calendar, 'CALENDAR_DAYS', '2026-09-30', 11).deadlineDate).toBe('2026-10-12');
    // A start on a day off does not move the start (calendar days run every day): 10-01 + 2 = 10-03 → 10-08.
    expect(deadlineOf(calendar, 'CALENDAR_DAYS', '2026-10-01', 2)).toMatchObject({
      startedOn: '2026-10-01',
      deadlineDate: '2026-10-08',
    });
  });

  it('crosses Spring Festival 2027 (not yet published: provisional, eve 02-05 … 02-08 off)', () => {
    // Wednesday 02-03 + 2 working days: Thursday 02-04, then 02-05 (eve), weekend, 02-08 (3rd day) → Tuesday 02-09.
    expect(deadlineOf(calendar, 'WORKING_DAYS', '2027-02-03', 2)).toMatchObject({
      startedOn: '2027-02-03',
      deadlineDate: '2027-02-09',
      deadlineAt: at('2027-02-09T16:00:00.000Z'),
      provisional: true,
    });
    // Sunday 01-31 + 5 calendar days = 02-05, the eve → Tuesday 02-09.
    expect(deadlineOf(calendar, 'CALENDAR_DAYS', '2027-01-31', 5)).toMatchObject({
      deadlineDate: '2027-02-09',
      provisional: true,
    });
    // Entirely within 2026 (published): not provisional.
    expect(deadlineOf(calendar, 'CALENDAR_DAYS', '2026-12-01', 5).provisional).toBe(false);
  });

  it('follows the year an administrator loads instead of the provisional rule', () => {
    // A made-up 2027 notice (for the test only): 02-05…02-11 off, Sunday 02-14 worked.
    const loaded: YearCalendar = {
      year: 2027,
      holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
      workdays: ['2027-02-14'],
      source: 'test: a hypothetical 2027 notice',
    };
    const cal = new WorkingCalendar([loaded]);
    // 02-04, then Friday 02-12, then Sunday 02-14 (worked).
    expect(deadlineOf(cal, 'WORKING_DAYS', '2027-02-03', 3)).toMatchObject({
      deadlineDate: '2027-02-14',
      provisional: false,
    });
    expect(deadlineOf(cal, 'CALENDAR_DAYS', '2027-01-31', 5).deadlineDate).toBe('2027-02-12');
  });
});

describe('movedDeadlineOf', () => {
  it('moves a working-day deadline by working days, over National Day and onto the adjusted Saturday', () => {
    expect(movedDeadlineOf(calendar, 'WORKING_DAYS', '2026-09-30', 1)).toEqual({
      deadlineDate: '2026-10-08',
      deadline: '2026-10-09T00:00:00+08:00',
      deadlineAt: at('2026-10-08T16:00:00.000Z'),
      provisional: false,
    });
    expect(movedDeadlineOf(calendar, 'WORKING_DAYS', '2026-09-30', 3).deadlineDate).toBe('2026-10-10');
    expect(movedDeadlineOf(calendar, 'WORKING_DAYS', '2026-10-08', 0).deadlineDate).toBe('2026-10-08');
    // An extension of 10 working days from 2026-12-28 reaches into (provisional) 2027.
    expect(movedDeadlineOf(calendar, 'WORKING_DAYS', '2026-12-28', 10)).toMatchObject({
      deadlineDate: '2027-01-12', // 12-29, 12-30, 12-31, (01-01 off) 01-04 … 01-08, 01-11, 01-12
      provisional: true,
    });
    expect(movedDeadlineOf(calendar, 'WORKING_DAYS', '2027-02-04', 1).deadlineDate).toBe('2027-02-09');
  });

  it('moves a calendar-day deadline by calendar days, a day off moved to the next working day', () => {
    expect(movedDeadlineOf(calendar, 'CALENDAR_DAYS', '2026-09-28', 3).deadlineDate).toBe('2026-10-08');
    expect(movedDeadlineOf(calendar, 'CALENDAR_DAYS', '2026-09-28', 12).deadlineDate).toBe('2026-10-10');
    expect(movedDeadlineOf(calendar, 'CALENDAR_DAYS', '2027-02-04', 1)).toMatchObject({
      deadlineDate: '2027-02-09',
      deadlineAt: at('2027-02-09T16:00:00.000Z'),
      provisional: true,
    });
  });
});

describe('warningFrom and supervisionDeadlineOf', () => {
  it('warns from 00:00 of the first day with at most `threshold` working days left', () => {
    // Due 10-08 with 1 day: 9-30 is the 2nd working day back, so yellow from 00:00 of National Day.
    expect(warningFrom(calendar, '2026-10-08', 1)).toEqual(at('2026-09-30T16:00:00.000Z'));
    // A fraction counts down: 1.9 working days is still "at most 1" from the same instant.
    expect(warningFrom(calendar, '2026-10-08', 1.9)).toEqual(at('2026-09-30T16:00:00.000Z'));
    // Due Monday 10-12, 2 days: 10-12, Saturday 10-10 (worked), 10-09 → yellow from 00:00 of Saturday 10-10.
    expect(warningFrom(calendar, '2026-10-12', 2)).toEqual(at('2026-10-09T16:00:00.000Z'));
    // Threshold 0: the "warning" is the deadline itself (no warning stage).
    expect(warningFrom(calendar, '2026-10-08', 0)).toEqual(at('2026-10-08T16:00:00.000Z'));
    // Spring Festival 2027: due Tuesday 02-09 with 1 day → yellow from 00:00 of the eve 02-05.
    expect(warningFrom(calendar, '2027-02-09', 1)).toEqual(at('2027-02-04T16:00:00.000Z'));
  });

  it('gives supervision the policy’s working days after the deadline; a policy without supervision has none', () => {
    // Friday 10-09 and Saturday 10-10 (worked).
    expect(supervisionDeadlineOf(APPROVAL, calendar, '2026-10-08')).toEqual({
      date: '2026-10-10',
      at: at('2026-10-10T16:00:00.000Z'),
    });
    expect(supervisionDeadlineOf(APPROVAL, calendar, '2026-09-30')?.date).toBe('2026-10-09');
    expect(supervisionDeadlineOf(APPROVAL, calendar, '2027-02-04')?.date).toBe('2027-02-10');
    expect(supervisionDeadlineOf(INTAKE_REVIEW, calendar, '2026-10-08')).toBeNull();
  });
});

describe('dueNow', () => {
  const yellowAt = at('2026-09-30T16:00:00.000Z');
  const deadlineAt = at(running.deadlineAt);

  it('waits for the warning, warns exactly at its instant, then waits for the deadline', () => {
    expect(dueNow(APPROVAL, running, at('2026-09-29T10:00:00+08:00'), calendar)).toEqual({
      kind: 'WAIT',
      until: yellowAt,
      towards: MILESTONES.warning,
    });
    expect(dueNow(APPROVAL, running, new Date(yellowAt.getTime() - 1), calendar).kind).toBe('WAIT');
    expect(dueNow(APPROVAL, running, yellowAt, calendar)).toEqual({ kind: 'WARN' });
    const warned = { ...running, warnedFor: running.deadlineAt };
    expect(dueNow(APPROVAL, warned, yellowAt, calendar)).toEqual({
      kind: 'WAIT',
      until: deadlineAt,
      towards: MILESTONES.deadline,
    });
  });

  it('warns again for a moved deadline', () => {
    const moved = { ...running, deadlineDate: '2026-10-09', deadlineAt: '2026-10-09T16:00:00.000Z' };
    const warnedForOld = { ...moved, warnedFor: running.deadlineAt };
    // The new warning instant (00:00 of 10-09, the last working day) is ahead: wait for it.
    expect(dueNow(APPROVAL, warnedForOld, at('2026-10-02T10:00:00+08:00'), calendar)).toEqual({
      kind: 'WAIT',
      until: at('2026-10-08T16:00:00.000Z'),
      towards: MILESTONES.warning,
    });
    expect(dueNow(APPROVAL, warnedForOld, at('2026-10-08T16:00:00.000Z'), calendar)).toEqual({ kind: 'WARN' });
    // Warned for the moved deadline: the deadline next.
    expect(
      dueNow(APPROVAL, { ...moved, warnedFor: moved.deadlineAt }, at('2026-10-09T10:00:00+08:00'), calendar),
    ).toMatchObject({ towards: MILESTONES.deadline });
  });

  it('has no warning stage for a policy without warnings or a threshold of 0', () => {
    expect(dueNow(INTAKE_REVIEW, running, at('2026-10-08T10:00:00+08:00'), calendar)).toEqual({
      kind: 'WAIT',
      until: deadlineAt,
      towards: MILESTONES.deadline,
    });
    expect(dueNow(APPROVAL, { ...running, warningDays: 0 }, at('2026-10-08T23:59:59+08:00'), calendar)).toEqual({
      kind: 'WAIT',
      until: deadlineAt,
      towards: MILESTONES.deadline,
    });
  });

  it('applies the deadline at its instant, never a millisecond before', () => {
    const warned = { ...running, warnedFor: running.deadlineAt };
    expect(dueNow(APPROVAL, warned, new Date(deadlineAt.getTime() - 1), calendar).kind).toBe('WAIT');
    expect(dueNow(APPROVAL, warned, deadlineAt, calendar)).toEqual({ kind: 'DEADLINE' });
    // The deadline outranks a warning never raised (the clock woke late): no yellow after the deadline.
    expect(dueNow(APPROVAL, running, new Date(deadlineAt.getTime() + 1), calendar)).toEqual({ kind: 'DEADLINE' });
    expect(isDue(deadlineAt, deadlineAt)).toBe(true);
    expect(isDue(deadlineAt, new Date(deadlineAt.getTime() - 1))).toBe(false);
  });

  it('does nothing while paused but look again later', () => {
    const now = at('2026-10-20T10:00:00+08:00'); // far past the stored deadline: a paused clock does not run
    expect(dueNow(APPROVAL, { ...running, phase: 'PAUSED' }, now, calendar)).toEqual({
      kind: 'WAIT',
      until: new Date(now.getTime() + PAUSED_LOOK_AGAIN_DAYS * DAY_MS),
      towards: MILESTONES.paused,
    });
  });

  it('escalates an overdue duty at the supervision deadline (stored or derived), once', () => {
    const overdue = { ...running, phase: 'OVERDUE' as const };
    const cardAt = at('2026-10-10T16:00:00.000Z');
    for (const facts of [overdue, { ...overdue, supervisionAt: cardAt.toISOString() }]) {
      expect(dueNow(APPROVAL, facts, deadlineAt, calendar)).toEqual({
        kind: 'WAIT',
        until: cardAt,
        towards: MILESTONES.supervisionDeadline,
      });
      expect(dueNow(APPROVAL, facts, new Date(cardAt.getTime() - 1), calendar).kind).toBe('WAIT');
      expect(dueNow(APPROVAL, facts, cardAt, calendar)).toEqual({ kind: 'ESCALATE' });
    }
    expect(dueNow(APPROVAL, { ...overdue, escalatedAt: '2026-10-11T00:00:00+08:00' }, cardAt, calendar)).toEqual({
      kind: 'DONE',
    });
    // Overdue under a policy without supervision: nothing more for the clock to do.
    expect(dueNow(INTAKE_REVIEW, overdue, cardAt, calendar)).toEqual({ kind: 'DONE' });
  });

  it('is done with an ended clock', () => {
    expect(dueNow(APPROVAL, { ...running, phase: 'ENDED' }, deadlineAt, calendar)).toEqual({ kind: 'DONE' });
  });

  it('caps a wait at the maximum, never beyond the milestone', () => {
    const now = at('2026-01-01T00:00:00Z');
    expect(nextWake(at('2026-03-01T00:00:00Z'), now, 20)).toEqual(at('2026-01-21T00:00:00Z'));
    expect(nextWake(at('2026-01-05T00:00:00Z'), now, 20)).toEqual(at('2026-01-05T00:00:00Z'));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The engine loop, as a small pure model built from duty.ts alone: random policies, pauses, extensions and
// decisions, driven the way the clock's state machine drives its checkpoint.

/** An instant, said relative to the start or to the first deadline: an arbitrary millisecond, or near a midnight. */
type When =
  | { readonly from: 'start'; readonly ms: number }
  | { readonly from: 'start' | 'deadline'; readonly midnights: number; readonly off: -1 | 0 | 1 };

const when = (maxDays: number): fc.Arbitrary<When> =>
  fc.oneof(
    fc.record({ from: fc.constant('start' as const), ms: fc.integer({ min: 0, max: maxDays * DAY_MS }) }),
    fc.record({
      from: fc.constant('start' as const),
      midnights: fc.integer({ min: 0, max: maxDays }),
      off: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    }),
    // Around the (first) deadline, where moves and late decisions matter most.
    fc.record({
      from: fc.constant('deadline' as const),
      midnights: fc.integer({ min: -15, max: 5 }),
      off: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    }),
  );

/** A generated warning rule: none, a fixed number of units, or a share of the limit (at least 1), as APPROVAL's. */
function thresholdOf(rule: { fixed: number } | { ratio: number } | null): DutyPolicy['warning'] {
  if (rule === null) return null;
  const byLimit = 'fixed' in rule ? () => rule.fixed : (limit: number) => Math.max(1, rule.ratio * limit);
  return { threshold: (limit, configured) => configured ?? byLimit(limit) };
}

const generatedPolicy: fc.Arbitrary<DutyPolicy> = fc
  .record({
    unit: fc.constantFrom<DayUnit>('WORKING_DAYS', 'CALENDAR_DAYS'),
    warning: fc.oneof(
      fc.constant(null),
      fc.record({ fixed: fc.integer({ min: 0, max: 8 }) }),
      fc.record({ ratio: fc.double({ min: 0, max: 0.5, noNaN: true }) }),
    ),
    pauses: fc.boolean(),
    extensions: fc.option(
      fc.record({ max: fc.integer({ min: 0, max: 2 }), defaultMaxDays: fc.integer({ min: 1, max: 15 }) }),
      { nil: null },
    ),
    atDeadline: fc.constantFrom<DeadlineConsequence>(
      'DEEMED_CONSENT',
      'DEEMED_ACCEPTANCE',
      'DEEMED_AGREEMENT',
      'OVERDUE',
    ),
    supervision: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  })
  .map(
    (p): DutyPolicy => ({
      duty: 'APPROVAL',
      title: 'generated',
      unit: p.unit,
      warning: thresholdOf(p.warning),
      pauseReasons: p.pauses ? pauseReasons : [],
      extensions: p.extensions && { ...p.extensions, approvedBy: 'head' },
      atDeadline: p.atDeadline,
      supervision: p.supervision === null ? null : { workingDays: p.supervision, escalation: 'RED_CARD' },
      executionName: (subject) => subject,
    }),
  );

const scenario = fc.record({
  policy: fc.oneof(fc.constantFrom(APPROVAL, INTAKE_REVIEW), generatedPolicy),
  limit: fc.integer({ min: 0, max: 40 }),
  warningDays: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  /** For DEEMED_CONSENT: whether the item allows it (else the duty turns OVERDUE, like an ineligible approval). */
  eligible: fc.boolean(),
  /** Whether the clock stores its supervision deadline when it turns OVERDUE (else dueNow derives it). */
  storesSupervision: fc.boolean(),
  start: fc.oneof(
    fc.integer({ min: Date.parse('2026-01-01T00:00:00+08:00'), max: Date.parse('2027-12-31T23:59:59+08:00') }),
    // Near a Shanghai midnight, where off-by-one days hide.
    fc
      .tuple(fc.integer({ min: 1, max: 729 }), fc.constantFrom(-1, 0, 1))
      .map(([d, off]) => startOfShanghaiDay(addDays('2026-01-01', d)).getTime() + off),
  ),
  pauses: fc.array(fc.record({ at: when(90), forMs: fc.integer({ min: 0, max: 20 * DAY_MS }) }), { maxLength: 3 }),
  extensions: fc.array(fc.record({ at: when(90), days: fc.integer({ min: 1, max: 15 }) }), { maxLength: 2 }),
  decision: fc.option(when(120), { nil: undefined, freq: 2 }),
  /** The applicant withdraws (rarely): another way the clock ends. */
  withdrawal: fc.option(when(120), { nil: undefined, freq: 4 }),
  /**
   * How late each timed wake is delivered: 0 as the state machine's Wait promises, or a lag (a slow Lambda, a
   * redriven execution) — then nothing may come early either, and the deadline outranks a warning it overtook.
   */
  lateBy: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 * DAY_MS }) },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

type External =
  | { readonly kind: 'PAUSE' | 'RESUME' | 'DECIDE' | 'WITHDRAW'; readonly at: number }
  | { readonly kind: 'EXTEND'; readonly at: number; readonly days: number };

/** What the model saw, for the failure message. */
interface Step {
  readonly at: string;
  readonly what: string;
}

interface Run {
  readonly steps: readonly Step[];
  /** Each way the clock ended: a consequence (the deadline's, or escalation), a decision or a withdrawal. */
  readonly endings: readonly string[];
  readonly phase: ClockPhase;
  /** Decided or withdrawn: someone ended the duty. */
  readonly decided: boolean;
}

class PropertyBroken extends Error {
  override name = 'PropertyBroken';
}

/** The warning instants already checked against the rule itself (deadline date and threshold). */
const checkedWarnings = new Set<string>();

/**
 * Runs one scenario: the checkpoint asks `dueNow` at each wake and does what it says; the outside world pauses,
 * resumes, extends and decides at its own instants (each refused when the real handler would refuse it). Throws
 * PropertyBroken, with the steps so far, when a property fails.
 */
function runEngine(s: Scenario): Run {
  const { policy } = s;
  const first = deadlineOf(calendar, policy.unit, new Date(s.start), s.limit);
  const resolve = (w: When): number => {
    if ('ms' in w) return s.start + w.ms;
    const base = w.from === 'start' ? shanghaiDateOf(new Date(s.start)) : first.deadlineDate;
    return Math.max(s.start, startOfShanghaiDay(addDays(base, w.midnights)).getTime() + w.off);
  };
  const events: External[] = [];
  if (policy.pauseReasons.length > 0) {
    for (const p of s.pauses) {
      const from = resolve(p.at);
      events.push({ kind: 'PAUSE', at: from }, { kind: 'RESUME', at: from + p.forMs });
    }
  }
  for (const e of s.extensions.slice(0, policy.extensions?.max ?? 0)) {
    events.push({ kind: 'EXTEND', at: resolve(e.at), days: Math.min(e.days, policy.extensions?.defaultMaxDays ?? 0) });
  }
  if (s.decision) events.push({ kind: 'DECIDE', at: resolve(s.decision) });
  if (s.withdrawal) events.push({ kind: 'WITHDRAW', at: resolve(s.withdrawal) });
  // Stable: at one instant, a pause comes before its own resume.
  events.sort((a, b) => a.at - b.at);

  let facts: {
    phase: ClockPhase;
    limit: number;
    deadlineDate: IsoDate;
    deadlineAt: string;
    warningDays?: number | undefined;
    warnedFor?: string | undefined;
    supervisionAt?: string | undefined;
    escalatedAt?: string | undefined;
  } = {
    phase: 'RUNNING',
    limit: s.limit,
    deadlineDate: first.deadlineDate,
    deadlineAt: first.deadlineAt.toISOString(),
    warningDays: s.warningDays,
  };
  let pausedSince = 0;
  let extensions = 0;
  let decided = false;
  let deadlineActions = 0;
  /** Since when the clock has run towards its current deadline (start, resume, extension): when a warning is owed. */
  let runningSince = s.start;
  const endings: string[] = [];
  const steps: Step[] = [];
  const log = (now: number, what: string) => steps.push({ at: new Date(now).toISOString(), what });
  const fail = (now: number, why: string): never => {
    log(now, `BROKEN: ${why}`);
    throw new PropertyBroken(
      `${why}\npolicy ${JSON.stringify({ ...policy, warning: policy.warning && 'fn' })}\n${JSON.stringify(s)}\n${steps.map((x) => `  ${x.at} ${x.what}`).join('\n')}`,
    );
  };

  const deadlineMs = () => Date.parse(facts.deadlineAt);
  const threshold = () => policy.warning?.threshold(facts.limit, facts.warningDays);
  /** The warning instant of the current deadline, if the duty has a warning stage before it. */
  const warnAtMs = (): number | undefined => {
    const t = threshold();
    if (t === undefined) return undefined;
    const from = warningFrom(calendar, facts.deadlineDate, t);
    const key = `${facts.deadlineDate} ${t}`;
    if (checkedWarnings.has(key)) return from.getTime() < deadlineMs() ? from.getTime() : undefined;
    checkedWarnings.add(key);
    // Said again without warningFrom (docs/rules.md §5): from that day on at most `t` working days remain through
    // the deadline date, and the day before more did.
    const remainingFrom = (day: IsoDate) => {
      let n = 0;
      for (let d = day; d <= facts.deadlineDate; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n++;
      return n;
    };
    const day = shanghaiDateOf(from);
    if (from.getTime() !== startOfShanghaiDay(day).getTime() || remainingFrom(day) > t) {
      fail(s.start, `warningFrom ${from.toISOString()} is not a midnight with at most ${t} working days left`);
    }
    if (remainingFrom(addDays(day, -1)) <= t) fail(s.start, `warningFrom ${from.toISOString()} is a day late`);
    const w = from.getTime();
    return w < deadlineMs() ? w : undefined;
  };
  /** The instant the warning for the current deadline is owed, if it is still owed. */
  const warningOwedAt = (): number | undefined => {
    const w = warnAtMs();
    if (facts.phase !== 'RUNNING' || w === undefined || facts.warnedFor === facts.deadlineAt) return undefined;
    return Math.max(w, runningSince);
  };
  const supervisionMs = (): number | undefined =>
    supervisionDeadlineOf(policy, calendar, facts.deadlineDate)?.at.getTime();
  /**
   * Checked before anything happens at `now`: nothing owed earlier is still owed (nothing late, beyond the lag of
   * the wake itself). A warning overtaken by its deadline is no longer owed: the deadline says it all.
   */
  const lag = s.lateBy;
  const nothingLate = (now: number) => {
    const owed = warningOwedAt();
    if (owed !== undefined && owed + lag < now && now < deadlineMs()) {
      fail(now, `warning owed at ${new Date(owed).toISOString()} not raised`);
    }
    if (facts.phase === 'RUNNING' && deadlineMs() + lag < now) fail(now, 'deadline passed without its consequence');
    const sup = supervisionMs();
    if (facts.phase === 'OVERDUE' && sup !== undefined && sup + lag < now) fail(now, 'supervision deadline passed');
  };
  /** Whether an act owed at `owed` may happen at `now`: exactly then, or within the lag of a late wake. */
  const onTime = (owed: number, now: number) => owed <= now && now <= owed + lag;

  const moveDeadline = (now: number, units: number) => {
    const moved = movedDeadlineOf(calendar, policy.unit, facts.deadlineDate, units);
    if (moved.deadlineAt.getTime() < deadlineMs()) fail(now, 'a move brought the deadline forward');
    facts = { ...facts, deadlineDate: moved.deadlineDate, deadlineAt: moved.deadlineAt.toISOString() };
  };

  /** An outside event at `now`; returns whether it wakes the clock at once (a resume or an extension does). */
  const apply = (e: External, now: number): boolean => {
    const before = now < deadlineMs();
    switch (e.kind) {
      case 'PAUSE':
        // Only a running clock, only before the deadline (applications-suspend).
        if (facts.phase !== 'RUNNING' || !before) return refuse(e, now);
        facts = { ...facts, phase: 'PAUSED' };
        pausedSince = now;
        log(now, 'paused');
        return false;
      case 'RESUME': {
        if (facts.phase !== 'PAUSED') return refuse(e, now);
        // The days the pause covered, from its first day up to (not including) today, in the policy's unit.
        const units = pausedDaysOf(
          calendar,
          policy.unit,
          shanghaiDateOf(new Date(pausedSince)),
          shanghaiDateOf(new Date(now)),
        );
        moveDeadline(now, units);
        facts = { ...facts, phase: 'RUNNING' };
        runningSince = now;
        log(now, `resumed after ${units} ${policy.unit}; due ${facts.deadlineDate}`);
        if (deadlineMs() <= now) fail(now, 'resumed with the deadline already passed');
        return true;
      }
      case 'EXTEND':
        if (facts.phase !== 'RUNNING' || !before || extensions >= (policy.extensions?.max ?? 0)) return refuse(e, now);
        extensions++;
        moveDeadline(now, e.days);
        runningSince = now;
        log(now, `extended by ${e.days}; due ${facts.deadlineDate}`);
        return true;
      case 'DECIDE':
        // On time while running before the deadline; late while overdue (recordDecision). Paused or ended: refused.
        if ((facts.phase === 'RUNNING' && before) || facts.phase === 'OVERDUE') {
          endings.push(facts.phase === 'RUNNING' ? 'DECIDED' : 'DECIDED_LATE');
          facts = { ...facts, phase: 'ENDED' };
          decided = true;
          log(now, 'decided');
          return true;
        }
        return refuse(e, now);
      case 'WITHDRAW':
        // While no decision is made and no deadline has passed; a paused duty too (withdrawableStatuses).
        if ((facts.phase === 'RUNNING' && before) || facts.phase === 'PAUSED') {
          endings.push('WITHDRAWN');
          facts = { ...facts, phase: 'ENDED' };
          decided = true;
          log(now, 'withdrawn');
          return true;
        }
        return refuse(e, now);
    }
  };
  const refuse = (e: External, now: number) => {
    log(now, `${e.kind} refused (${facts.phase})`);
    return false;
  };

  /** One checkpoint at `now`: returns when to wake next, or undefined when the clock's execution ends. */
  const checkpoint = (now: number): number | undefined => {
    const due = dueNow(policy, facts as ClockFacts, new Date(now), calendar);
    log(now, `${facts.phase} → ${due.kind}${due.kind === 'WAIT' ? ` ${due.towards} ${due.until.toISOString()}` : ''}`);
    if (facts.phase === 'PAUSED' && !(due.kind === 'WAIT' && due.towards === MILESTONES.paused)) {
      fail(now, 'something fired while paused');
    }
    switch (due.kind) {
      case 'WAIT': {
        const until = due.until.getTime();
        if (until <= now) fail(now, 'a wait that does not move time on');
        const expected = {
          [MILESTONES.warning]: warningOwedAt(),
          [MILESTONES.deadline]: facts.phase === 'RUNNING' ? deadlineMs() : undefined,
          [MILESTONES.supervisionDeadline]: facts.phase === 'OVERDUE' ? supervisionMs() : undefined,
          [MILESTONES.paused]: facts.phase === 'PAUSED' ? now + PAUSED_LOOK_AGAIN_DAYS * DAY_MS : undefined,
        }[due.towards];
        if (until !== expected) {
          fail(now, `waits towards ${due.towards} until ${due.until.toISOString()}, not its instant ${expected}`);
        }
        // Towards the deadline, no warning may still be owed before it.
        if (due.towards === MILESTONES.deadline && warningOwedAt() !== undefined) fail(now, 'warning skipped');
        const wake = nextWake(due.until, new Date(now), MAX_WAIT_DAYS).getTime();
        if (wake > until) fail(now, 'the wait overshoots its milestone');
        if (wake <= now || wake > now + MAX_WAIT_DAYS * DAY_MS) fail(now, 'the wait is not within (now, cap]');
        return wake;
      }
      case 'WARN': {
        const owed = warningOwedAt();
        if (owed === undefined) fail(now, 'a warning not owed (already raised for this deadline, or none)');
        if (!onTime(owed ?? 0, now)) {
          fail(now, `warning at the wrong instant: owed at ${new Date(owed ?? 0).toISOString()}`);
        }
        if (now >= deadlineMs()) fail(now, 'a warning at or after the deadline');
        facts = { ...facts, warnedFor: facts.deadlineAt };
        return now; // the real checkpoint waits on at once; the model asks again at the same instant
      }
      case 'DEADLINE': {
        if (facts.phase !== 'RUNNING') fail(now, `the deadline's consequence on a ${facts.phase} clock`);
        if (now < deadlineMs()) fail(now, 'the consequence before the deadline');
        if (!onTime(deadlineMs(), now)) fail(now, 'the consequence after the deadline (late)');
        if (++deadlineActions > 1) fail(now, 'a second consequence');
        const overdue = policy.atDeadline === 'OVERDUE' || (policy.atDeadline === 'DEEMED_CONSENT' && !s.eligible);
        if (overdue) {
          const sup = supervisionDeadlineOf(policy, calendar, facts.deadlineDate);
          facts = {
            ...facts,
            phase: 'OVERDUE',
            supervisionAt: s.storesSupervision ? sup?.at.toISOString() : undefined,
          };
          if (!sup) return undefined; // nothing left for the clock: no supervision deadline to wait for
        } else {
          endings.push(policy.atDeadline);
          facts = { ...facts, phase: 'ENDED' };
        }
        return now;
      }
      case 'ESCALATE': {
        const sup = supervisionMs();
        if (facts.phase !== 'OVERDUE' || sup === undefined) fail(now, `escalation of a ${facts.phase} clock`);
        if (now < (sup ?? 0)) fail(now, 'escalation before the supervision deadline');
        if (!onTime(sup ?? 0, now)) fail(now, 'escalation after the supervision deadline (late)');
        endings.push(policy.supervision?.escalation ?? 'ESCALATED');
        facts = { ...facts, phase: 'ENDED', escalatedAt: new Date(now).toISOString() };
        return now;
      }
      case 'DONE':
        if (facts.phase !== 'ENDED' && !(facts.phase === 'OVERDUE' && !policy.supervision)) {
          fail(now, `DONE with a ${facts.phase} clock`);
        }
        return undefined;
    }
  };

  let now = s.start;
  let wakeAt: number | undefined = s.start; // the execution starts with a checkpoint
  let i = 0;
  let sameInstant = 0;
  for (let guard = 0; ; guard++) {
    if (guard > 1_000) fail(now, 'the loop does not end');
    const next = events[i];
    if (wakeAt === undefined && next === undefined) break;
    // A wake and an outside event at the same instant: the clock's own wake goes first (it was scheduled first).
    const wakes = wakeAt !== undefined && (next === undefined || wakeAt <= next.at);
    const t = wakes ? (wakeAt as number) : (next as External).at;
    if (t < now) fail(t, 'time went backwards');
    // The checkpoint may act a few times at one instant (warn, then the deadline), but not forever.
    sameInstant = wakes && t === now ? sameInstant + 1 : 0;
    if (sameInstant > 4) fail(t, 'the clock acts again and again at one instant');
    now = t;
    nothingLate(now);
    if (wakes) {
      const wake = checkpoint(now);
      // A timed wake may be delivered late; acting again at once (after a warning, a consequence) is not a wake.
      wakeAt = wake !== undefined && wake > now ? wake + lag : wake;
    } else {
      i++;
      const wake = apply(next as External, now);
      // A decision or a withdrawal ends the execution (its task token); a resume or an extension re-plans at once.
      if (facts.phase === 'ENDED') wakeAt = undefined;
      else if (wake && wakeAt !== undefined) wakeAt = now;
    }
  }
  return { steps, endings, phase: facts.phase, decided };
}

describe('the deadline engine, driven over random policies, pauses, extensions and decisions', () => {
  it('never acts early or late, ends exactly once, warns exactly at each warning instant', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenario, (s) => {
        const run = runEngine(s);
        // Exactly one ending — the deadline's consequence, the escalation, a decision or a withdrawal — never two.
        // The one exception: an overdue duty without supervision stays owed (nothing escalates it) until decided.
        const staysOwed = run.phase === 'OVERDUE' && !s.policy.supervision && !run.decided;
        const trace = run.steps.map((x) => `${x.at} ${x.what}`).join('\n');
        expect(run.endings, trace).toHaveLength(staysOwed ? 0 : 1);
        expect(run.phase, trace).toBe(staysOwed ? 'OVERDUE' : 'ENDED');
        for (const step of run.steps) seen.add(step.what.replace(/[\d-]+.*$/, '').trim());
        for (const e of run.endings) seen.add(`ending ${e}`);
      }),
      { seed: 20261203, numRuns: 1_000 },
    );
    // The property is only as good as the scenarios it saw: each path of the engine was exercised.
    for (const expected of [
      'RUNNING → WARN',
      'RUNNING → DEADLINE',
      'OVERDUE → ESCALATE',
      'PAUSED → WAIT PAUSED',
      'paused',
      'resumed after',
      'extended by',
      'ending DECIDED',
      'ending DECIDED_LATE',
      'ending RED_CARD',
      'ending DEEMED_CONSENT',
      'ending DEEMED_ACCEPTANCE',
      'ending WITHDRAWN',
    ]) {
      expect([...seen]).toContain(expected);
    }
  });
});

describe('the days a pause took', () => {
  const calendar = new WorkingCalendar();
  it("counts from its first day up to, not including, the day of the resume, in the duty's unit", () => {
    // Paused Wednesday 9-30, resumed Friday 10-09: National Day (10-01…10-07) off; 9-30 and 10-08 worked.
    expect(pausedDaysOf(calendar, 'WORKING_DAYS', '2026-09-30', '2026-10-09')).toBe(2);
    expect(pausedDaysOf(calendar, 'CALENDAR_DAYS', '2026-09-30', '2026-10-09')).toBe(9);
    // Resumed the day it paused: nothing stood still.
    expect(pausedDaysOf(calendar, 'WORKING_DAYS', '2026-10-09', '2026-10-09')).toBe(0);
  });
});
