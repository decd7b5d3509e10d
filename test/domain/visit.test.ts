import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { deadlineOf, dueNow, policies } from '../../functions/domain/duty.ts';
import { visitContributions } from '../../functions/domain/evaluation.ts';
import {
  isVisitEventType,
  problemIdOf,
  problemLight,
  problemOwed,
  problemSubjectOf,
  problemSubjectParts,
  rectificationExecutionName,
  reportAt,
  type VisitProblemFacts,
  visitIdOf,
  visitNotificationRules,
} from '../../functions/domain/visit.ts';

/** Inspection visits' rules (functions/domain/visit.ts; docs/supervision.md): ids, deadlines, lights, lateness, tallies. */
const calendar = new WorkingCalendar();
const ULID = '01M3JVV380QJJZT2T48YR1WNCY';

function problem(over: Partial<VisitProblemFacts> = {}): VisitProblemFacts {
  const d = deadlineOf(calendar, 'WORKING_DAYS', new Date('2026-11-02T10:00:00+08:00'), 5);
  return {
    id: 'P1',
    status: 'AWAITING_RECTIFICATION',
    workingDays: 5,
    rectifyBy: d.deadline,
    rectifyByDate: d.deadlineDate,
    rectifyByAt: d.deadlineAt.toISOString(),
    ...over,
  };
}

describe('visit ids', () => {
  it('names a problem so that its clock, its execution and its accountability record can be found from it', () => {
    const visitId = visitIdOf('2026-11-02', ULID);
    expect(visitId).toBe(`VS20261102-${ULID}`);
    const subject = problemSubjectOf(visitId, problemIdOf(19));
    expect(subject).toBe(`VS20261102-${ULID}-P20`);
    expect(problemSubjectParts(subject)).toEqual({ visitId, problemId: 'P20' });
    // Step Functions: at most 80 characters of letters, digits, - and _.
    const name = rectificationExecutionName(subject);
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(policies.VISIT_RECTIFY.executionName(subject)).toBe(name);
    // No dot, no slash: the record id `<subject>.VISIT_FINDING` is reversible.
    expect(subject).not.toMatch(/[./]/);
    for (const bad of ['VS20261102-x-P1', `${visitId}-Q1`, `${visitId}.P1`, `${visitId}-P1/x`]) {
      expect(problemSubjectParts(bad), bad).toBeUndefined();
    }
  });
});

describe('the rectification deadline (docs/rules.md §3)', () => {
  it('counts working days from the day after the visit is recorded, skipping holidays, to the end of the last', () => {
    // Recorded Monday 11-02: 3 working days → Thursday 11-05, due at its midnight.
    const d = deadlineOf(calendar, policies.VISIT_RECTIFY.unit, new Date('2026-11-02T10:00:00+08:00'), 3);
    expect([d.deadlineDate, d.deadline]).toEqual(['2026-11-05', '2026-11-06T00:00:00+08:00']);
    // Recorded the day before National Day: the holiday week is not counted (10-08, 10-09).
    const holiday = deadlineOf(calendar, 'WORKING_DAYS', new Date('2026-09-30T10:00:00+08:00'), 2);
    expect(holiday.deadlineDate).toBe('2026-10-09');
    // Recorded on a Saturday: counted from the next working day's morrow (Monday is day 0… Tuesday is the first).
    const weekend = deadlineOf(calendar, 'WORKING_DAYS', new Date('2026-11-07T10:00:00+08:00'), 1);
    expect(weekend.deadlineDate).toBe('2026-11-10');
  });

  it('is a clock with no warning, no pause, no extension and no stage after the escalation', () => {
    const p = policies.VISIT_RECTIFY;
    expect([p.warning, p.extensions, p.supervision, p.atDeadline, p.pauseReasons]).toEqual([
      null,
      null,
      null,
      'OVERDUE',
      [],
    ]);
    const d = deadlineOf(calendar, 'WORKING_DAYS', new Date('2026-11-02T10:00:00+08:00'), 2);
    const clock = {
      phase: 'RUNNING' as const,
      limit: 2,
      deadlineDate: d.deadlineDate,
      deadlineAt: d.deadlineAt.toISOString(),
    };
    const before = new Date(d.deadlineAt.getTime() - 1);
    expect(dueNow(p, clock, before, calendar)).toMatchObject({ kind: 'WAIT', towards: 'DEADLINE' });
    expect(dueNow(p, clock, d.deadlineAt, calendar)).toEqual({ kind: 'DEADLINE' });
    expect(dueNow(p, { ...clock, phase: 'OVERDUE' }, d.deadlineAt, calendar)).toEqual({ kind: 'DONE' });
  });
});

describe('a problem’s light, lateness and who is told', () => {
  it('is GREEN, YELLOW from max(1, 20% of the limit) working days left, RED once due or overdue, none once reported', () => {
    const p = problem();
    expect(problemLight(p, new Date('2026-11-02T12:00:00+08:00'), 5)).toBe('GREEN');
    expect(problemLight(p, new Date('2026-11-09T12:00:00+08:00'), 1)).toBe('YELLOW');
    expect(problemLight(p, new Date(p.rectifyByAt), 0)).toBe('RED');
    expect(problemLight({ ...p, status: 'OVERDUE' }, new Date('2026-11-02T12:00:00+08:00'), 5)).toBe('RED');
    expect(problemLight({ ...p, status: 'RECTIFIED' }, new Date('2026-11-02T12:00:00+08:00'), 5)).toBeNull();
    expect(problemOwed({ status: 'OVERDUE' })).toBe(true);
    expect(problemOwed({ status: 'RECTIFIED_LATE' })).toBe(false);
  });

  it('calls a report late once the deadline came (applying it first if the clock has not), or the problem is OVERDUE', () => {
    const p = problem();
    expect(reportAt(p, new Date(Date.parse(p.rectifyByAt) - 1))).toBe('IN_TIME');
    expect(reportAt(p, new Date(p.rectifyByAt))).toBe('DEADLINE_FIRST');
    expect(reportAt({ ...p, status: 'OVERDUE' }, new Date(Date.parse(p.rectifyByAt) + 1))).toBe('LATE');
  });

  it('tells the head of the problems and of an overdue one, supervision of reports and escalations', () => {
    expect(visitNotificationRules.VISIT_RECORDED.to).toEqual(['HEAD']);
    expect(visitNotificationRules.VISIT_PROBLEM_OVERDUE.to).toContain('SUPERVISION');
    expect(visitNotificationRules.VISIT_PROBLEM_RECTIFIED.to).toEqual(['SUPERVISION']);
    expect(visitNotificationRules.VISIT_RECORDED.zh({ kind: 'UNANNOUNCED' })).toContain('暗访');
    expect(isVisitEventType('VISIT_PROBLEM_OVERDUE')).toBe(true);
    expect(isVisitEventType('ACCOUNTABILITY_RECORDED')).toBe(false);
  });
});

describe('the evaluation’s tallies of a visit (docs/evaluation.md)', () => {
  const visit = {
    departmentId: 'market',
    problems: [{}, {}, {}],
    timeline: [
      { type: 'VISIT_RECORDED', at: '2026-11-02T10:00:00+08:00' },
      { type: 'VISIT_PROBLEM_RECTIFIED', at: '2026-11-03T10:00:00+08:00' },
      { type: 'VISIT_PROBLEM_OVERDUE', at: '2026-11-05T00:00:00+08:00' },
      { type: 'VISIT_PROBLEM_RECTIFIED_LATE', at: '2026-11-06T10:00:00+08:00' },
    ],
  };
  it('counts the visit and its problems when recorded, each report in time, each problem gone overdue, once', () => {
    expect(visitContributions(visit, 0)).toEqual([
      {
        day: '2026-11-02',
        unit: { kind: 'CENTRE', id: 'centre' },
        counters: { inspectionVisits: 1, visitProblemsFound: 3 },
      },
      {
        day: '2026-11-02',
        unit: { kind: 'DEPARTMENT', id: 'market', departmentId: 'market' },
        counters: { inspectionVisits: 1, visitProblemsFound: 3 },
      },
    ]);
    expect(visitContributions(visit, 1)[1]?.counters).toEqual({ visitProblemsRectifiedOnTime: 1 });
    expect(visitContributions(visit, 2).map((c) => [c.day, c.counters])).toEqual([
      ['2026-11-05', { visitProblemsOverdue: 1 }],
      ['2026-11-05', { visitProblemsOverdue: 1 }],
    ]);
    // A late report adds nothing more: the problem was counted overdue at its deadline.
    expect(visitContributions(visit, 3)).toEqual([]);
    expect(visitContributions(visit, 9)).toEqual([]);
  });
});
