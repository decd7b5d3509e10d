import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRIEVANCE_DAY_UNIT,
  GRIEVANCE_DAY_UNIT_VARIABLE,
  grievanceDayUnit,
  grievanceDayUnitOf,
} from '../../functions/common/grievance-unit.ts';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { deadlineOf, dueNow, movedDeadlineOf, policies, supervisionDeadlineOf } from '../../functions/domain/duty.ts';
import {
  extendableStageOf,
  extendableStages,
  GRIEVANCE_LIMITS,
  GRIEVANCE_REVIEW_ROUNDS,
  grievanceEventTypes,
  grievanceNext,
  grievanceNotificationFor,
  grievanceNotificationRules,
  grievanceStatuses,
  redacted,
} from '../../functions/domain/grievance.ts';

const calendar = new WorkingCalendar();
const {
  GRIEVANCE_ACCEPT,
  GRIEVANCE_HANDLE,
  GRIEVANCE_REVIEW,
  GRIEVANCE_REVIEW_WINDOW,
  GRIEVANCE_REREVIEW,
  GRIEVANCE_REREVIEW_WINDOW,
} = policies;

describe('grievance policies (Petitions Regulation, calendar days by default)', () => {
  it('count calendar days: accept 15, handle 60 (+30 once by a supervisor), review 30 (+30), window 30', () => {
    for (const p of [
      GRIEVANCE_ACCEPT,
      GRIEVANCE_HANDLE,
      GRIEVANCE_REVIEW,
      GRIEVANCE_REVIEW_WINDOW,
      GRIEVANCE_REREVIEW,
      GRIEVANCE_REREVIEW_WINDOW,
    ]) {
      expect(p.unit).toBe('CALENDAR_DAYS');
    }
    // The re-review (复核) and its request period: the review's limits, their own clocks and executions.
    expect(GRIEVANCE_REREVIEW.extensions).toEqual(GRIEVANCE_REVIEW.extensions);
    expect(GRIEVANCE_REREVIEW.atDeadline).toBe('OVERDUE');
    expect(GRIEVANCE_REREVIEW_WINDOW.atDeadline).toBe('CLOSE');
    expect(GRIEVANCE_REREVIEW.executionName('G')).toBe('G-rereview');
    expect(GRIEVANCE_REREVIEW_WINDOW.executionName('G')).toBe('G-rereview-window');
    expect(GRIEVANCE_REVIEW_ROUNDS).toBe(2);
    expect(GRIEVANCE_HANDLE.extensions).toEqual({ max: 1, defaultMaxDays: 30, approvedBy: 'supervisor' });
    expect(GRIEVANCE_REVIEW.extensions).toEqual({ max: 1, defaultMaxDays: 30, approvedBy: 'supervisor' });
    expect(GRIEVANCE_ACCEPT.extensions).toBeNull();
    expect(GRIEVANCE_REVIEW_WINDOW.atDeadline).toBe('CLOSE');
    expect(GRIEVANCE_ACCEPT.atDeadline).toBe('OVERDUE');
    expect(GRIEVANCE_ACCEPT.supervision?.escalation).toBe('RED_CARD');
  });

  it('a grievance received on Wed 2026-03-04 must be accepted by the end of Thu 2026-03-19 (15 days)', () => {
    const d = deadlineOf(calendar, 'CALENDAR_DAYS', '2026-03-04', GRIEVANCE_LIMITS.accept);
    expect(d.deadlineDate).toBe('2026-03-19');
    expect(d.deadline).toBe('2026-03-20T00:00:00+08:00');
    // Handling extended once by 30 days.
    expect(movedDeadlineOf(calendar, 'CALENDAR_DAYS', '2026-05-04', 30).deadlineDate).toBe('2026-06-03');
  });

  it('the clock waits to the deadline, then the deadline, then supervision, then the red card', () => {
    const d = deadlineOf(calendar, 'CALENDAR_DAYS', '2026-03-04', 15);
    const clock = {
      phase: 'RUNNING' as const,
      limit: 15,
      deadlineDate: d.deadlineDate,
      deadlineAt: d.deadlineAt.toISOString(),
    };
    expect(dueNow(GRIEVANCE_ACCEPT, clock, new Date('2026-03-19T15:59:59.999Z'), calendar)).toMatchObject({
      kind: 'WAIT',
      towards: 'DEADLINE',
    });
    expect(dueNow(GRIEVANCE_ACCEPT, clock, d.deadlineAt, calendar)).toEqual({ kind: 'DEADLINE' });
    const sup = supervisionDeadlineOf(GRIEVANCE_ACCEPT, calendar, d.deadlineDate);
    expect(sup?.date).toBe('2026-03-23'); // Thu 19th + 2 working days (Fri 20th, Mon 23rd)
    const overdue = { ...clock, phase: 'OVERDUE' as const, supervisionAt: sup?.at.toISOString() };
    expect(dueNow(GRIEVANCE_ACCEPT, overdue, d.deadlineAt, calendar)).toMatchObject({ kind: 'WAIT' });
    expect(dueNow(GRIEVANCE_ACCEPT, overdue, sup?.at as Date, calendar)).toEqual({ kind: 'ESCALATE' });
  });
});

describe('the unit of grievance clocks (GRIEVANCE_DAY_UNIT)', () => {
  it('is calendar days unless the deployment says working days; anything else is refused, named', () => {
    expect(DEFAULT_GRIEVANCE_DAY_UNIT).toBe('CALENDAR_DAYS');
    expect(grievanceDayUnitOf(undefined)).toBe('CALENDAR_DAYS');
    expect(grievanceDayUnitOf(' ')).toBe('CALENDAR_DAYS');
    expect(grievanceDayUnitOf('WORKING_DAYS')).toBe('WORKING_DAYS');
    expect(grievanceDayUnitOf(' CALENDAR_DAYS ')).toBe('CALENDAR_DAYS');
    expect(() => grievanceDayUnitOf('working_days')).toThrow(
      'GRIEVANCE_DAY_UNIT=working_days: expected CALENDAR_DAYS or WORKING_DAYS',
    );
    expect(() => grievanceDayUnitOf('DAYS', 'context grievanceDayUnit')).toThrow(/^context grievanceDayUnit=DAYS/);
    const saved = process.env[GRIEVANCE_DAY_UNIT_VARIABLE];
    try {
      process.env[GRIEVANCE_DAY_UNIT_VARIABLE] = 'WORKING_DAYS';
      expect(grievanceDayUnit()).toBe('WORKING_DAYS');
      delete process.env[GRIEVANCE_DAY_UNIT_VARIABLE];
      expect(grievanceDayUnit()).toBe('CALENDAR_DAYS');
    } finally {
      if (saved === undefined) delete process.env[GRIEVANCE_DAY_UNIT_VARIABLE];
      else process.env[GRIEVANCE_DAY_UNIT_VARIABLE] = saved;
    }
  });

  it('computes each stage in the unit given: the same 15 and 30 days, calendar or working', async () => {
    // A stage's clock and deadline as the handlers start them (functions/http/grievance-access.ts `stageClock`).
    const { stageClock } = await import('../../functions/http/grievance-access.ts');
    const at = new Date('2026-03-04T10:00:00+08:00'); // Wed
    const calendarDays = stageClock(calendar, 'GRIEVANCE_ACCEPT', 'G', GRIEVANCE_LIMITS.accept, at, 'CALENDAR_DAYS');
    const workingDays = stageClock(calendar, 'GRIEVANCE_ACCEPT', 'G', GRIEVANCE_LIMITS.accept, at, 'WORKING_DAYS');
    expect(calendarDays.clock.unit).toBe('CALENDAR_DAYS');
    expect(calendarDays.deadline.deadlineDate).toBe('2026-03-19'); // 15 days from Thu 5 March
    expect(workingDays.clock.unit).toBe('WORKING_DAYS');
    expect(workingDays.deadline.deadlineDate).toBe('2026-03-25'); // 15 working days from Thu 5 March
    expect(workingDays.deadline.deadline).toBe('2026-03-26T00:00:00+08:00');
    // A review from Mon 2 March: 30 calendar days end Wed 1 April; 30 working days skip Qingming (4–6 April).
    const from = new Date('2026-03-02T10:00:00+08:00');
    expect(stageClock(calendar, 'GRIEVANCE_REVIEW', 'G', 30, from, 'CALENDAR_DAYS').deadline.deadlineDate).toBe(
      '2026-04-01',
    );
    expect(stageClock(calendar, 'GRIEVANCE_REVIEW', 'G', 30, from, 'WORKING_DAYS').deadline.deadlineDate).toBe(
      '2026-04-14',
    );
    // Its extension moves it in the same unit: +30 from 1 April, past May Day (1–5 May).
    expect(movedDeadlineOf(calendar, 'CALENDAR_DAYS', '2026-04-01', 30).deadlineDate).toBe('2026-05-06');
    expect(movedDeadlineOf(calendar, 'WORKING_DAYS', '2026-04-01', 30).deadlineDate).toBe('2026-05-18');
  });
});

describe('grievance lifecycle and notifications', () => {
  it('only the moves of the table: no answer before acceptance, a late answer after overdue, nothing after close', () => {
    expect(grievanceNext('RECEIVED', 'GRIEVANCE_ANSWERED')).toBeUndefined();
    expect(grievanceNext('OVERDUE', 'GRIEVANCE_ANSWERED')).toBe('ANSWERED');
    expect(grievanceNext('ANSWERED', 'GRIEVANCE_REVIEW_REQUESTED')).toBe('UNDER_REVIEW');
    for (const t of grievanceEventTypes) expect(grievanceNext('CLOSED', t)).toBeUndefined();
    expect(grievanceStatuses).toContain('OVERDUE');
  });

  it('the review answers back to ANSWERED (the re-review may follow), the re-review closes; both also late', () => {
    expect(grievanceNext('UNDER_REVIEW', 'GRIEVANCE_REVIEW_DECIDED')).toBe('ANSWERED');
    expect(grievanceNext('ANSWERED', 'GRIEVANCE_REREVIEW_REQUESTED')).toBe('UNDER_REVIEW');
    expect(grievanceNext('UNDER_REVIEW', 'GRIEVANCE_REREVIEW_DECIDED')).toBe('CLOSED');
    expect(grievanceNext('OVERDUE', 'GRIEVANCE_REVIEW_DECIDED')).toBe('ANSWERED');
    expect(grievanceNext('OVERDUE', 'GRIEVANCE_REREVIEW_DECIDED')).toBe('CLOSED');
    expect(grievanceNext('UNDER_REVIEW', 'GRIEVANCE_OVERDUE')).toBe('OVERDUE');
    // No decision without a review, no review decided twice from ANSWERED.
    expect(grievanceNext('ACCEPTED', 'GRIEVANCE_REVIEW_DECIDED')).toBeUndefined();
    expect(grievanceNext('ANSWERED', 'GRIEVANCE_REREVIEW_DECIDED')).toBeUndefined();
  });

  it('extends each of the handling, the review and the re-review once, each on its own field', () => {
    expect(extendableStageOf('ACCEPTED', undefined)).toBe('HANDLE');
    expect(extendableStageOf('UNDER_REVIEW', 1)).toBe('REVIEW');
    expect(extendableStageOf('UNDER_REVIEW', 2)).toBe('REREVIEW');
    for (const s of ['RECEIVED', 'ANSWERED', 'OVERDUE', 'CLOSED'] as const) {
      expect(extendableStageOf(s, 1)).toBeUndefined();
    }
    const fields = Object.values(extendableStages).map((s) => s.extensionField);
    expect(new Set(fields).size).toBe(3);
    for (const stage of ['REVIEW', 'REREVIEW'] as const) {
      expect(grievanceNext(extendableStages[stage].status, 'GRIEVANCE_EXTENDED')).toBe('UNDER_REVIEW');
    }
  });

  it('tells the complainant of the review’s answer with the re-review’s period, and that the re-review is final', () => {
    const decided = grievanceNotificationFor('GRIEVANCE_REVIEW_DECIDED', {
      kind: 'COMPLAINT',
      status: 'ANSWERED',
      reviewWindowBy: '2026-04-01',
      reviewRound: 1,
    });
    expect(decided.to).toContain('COMPLAINANT');
    expect(decided.subject.zh).toContain('复核');
    expect(decided.subject.zh).toContain('2026-04-01');
    const final = grievanceNotificationFor('GRIEVANCE_REREVIEW_DECIDED', { kind: 'COMPLAINT', status: 'CLOSED' });
    expect(final.to).toContain('COMPLAINANT');
    expect(final.subject.en).toContain('final');
    const closed = (round?: number) =>
      grievanceNotificationFor('GRIEVANCE_CLOSED', { kind: 'COMPLAINT', status: 'CLOSED', reviewRound: round });
    expect(closed().subject.en).toContain('No review');
    expect(closed(1).subject.en).toContain('No re-review');
  });

  it('tells the complainant of every step they take part in, and names nobody who filed it', () => {
    for (const t of grievanceEventTypes) expect(grievanceNotificationRules[t].to.length).toBeGreaterThan(0);
    const told = grievanceNotificationFor('GRIEVANCE_ACCEPTED', {
      kind: 'REPORT',
      status: 'ACCEPTED',
      handleBy: '2026-05-04',
    });
    expect(told.to).toContain('COMPLAINANT');
    expect(told.subject.zh).toContain('2026-05-04');
  });

  it('strips who filed it for the department and a code holder, keeps it for the complainant and supervision', () => {
    const g = {
      id: 'G',
      summary: 's',
      complainantSub: 'sub-1',
      contact: { name: '张三', phone: '13800000000' },
      queryCode: 'h',
    };
    for (const viewer of ['DEPARTMENT', 'CODE_HOLDER'] as const) {
      const seen = JSON.stringify(redacted(g, viewer));
      for (const secret of ['sub-1', '张三', '13800000000', 'queryCode']) expect(seen).not.toContain(secret);
    }
    expect(redacted(g, 'SUPERVISOR')).toEqual(g);
    expect(redacted(g, 'COMPLAINANT')).toEqual(g);
  });
});
