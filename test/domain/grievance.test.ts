import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { deadlineOf, dueNow, movedDeadlineOf, policies, supervisionDeadlineOf } from '../../functions/domain/duty.ts';
import {
  GRIEVANCE_LIMITS,
  grievanceEventTypes,
  grievanceNext,
  grievanceNotificationFor,
  grievanceNotificationRules,
  grievanceStatuses,
  redacted,
} from '../../functions/domain/grievance.ts';

const calendar = new WorkingCalendar();
const { GRIEVANCE_ACCEPT, GRIEVANCE_HANDLE, GRIEVANCE_REVIEW, GRIEVANCE_REVIEW_WINDOW } = policies;

describe('grievance policies (Petitions Regulation, calendar days by default)', () => {
  it('count calendar days: accept 15, handle 60 (+30 once by a supervisor), review 30 (+30), window 30', () => {
    for (const p of [GRIEVANCE_ACCEPT, GRIEVANCE_HANDLE, GRIEVANCE_REVIEW, GRIEVANCE_REVIEW_WINDOW]) {
      expect(p.unit).toBe('CALENDAR_DAYS');
    }
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

describe('grievance lifecycle and notifications', () => {
  it('only the moves of the table: no answer before acceptance, a late answer after overdue, nothing after close', () => {
    expect(grievanceNext('RECEIVED', 'GRIEVANCE_ANSWERED')).toBeUndefined();
    expect(grievanceNext('OVERDUE', 'GRIEVANCE_ANSWERED')).toBe('ANSWERED');
    expect(grievanceNext('ANSWERED', 'GRIEVANCE_REVIEW_REQUESTED')).toBe('UNDER_REVIEW');
    for (const t of grievanceEventTypes) expect(grievanceNext('CLOSED', t)).toBeUndefined();
    expect(grievanceStatuses).toContain('OVERDUE');
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
