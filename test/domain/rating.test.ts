import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { deadlineOf, dueNow, policies } from '../../functions/domain/duty.ts';
import {
  isBad,
  RATING_CONTACT_WORKING_DAYS,
  RATING_RECTIFY_WORKING_DAYS,
  rectificationStatusOf,
  rectifiedOnTime,
  type SummarizedRating,
  satisfactionRate,
  summarize,
} from '../../functions/domain/rating.ts';

const calendar = new WorkingCalendar();
const facts = { contactBy: '2026-09-30T00:00:00+08:00', rectifyBy: '2026-10-23T00:00:00+08:00' };

describe('the rating clocks (RATING_CONTACT, RATING_RECTIFY)', () => {
  it('count working days from the rating: contact by the next working day, the report 15 working days on', () => {
    // Rated Tuesday 9-29: contact by the end of Wednesday 9-30; 15 working days skip National Day (10-01…10-07).
    const at = new Date('2026-09-29T15:00:00+08:00');
    expect(deadlineOf(calendar, policies.RATING_CONTACT.unit, at, RATING_CONTACT_WORKING_DAYS).deadlineDate).toBe(
      '2026-09-30',
    );
    // Rated on Mid-Autumn Day (Friday 9-25, off): counted from Monday 9-28, so the contact is due Tuesday 9-29.
    const friday = new Date('2026-09-25T10:00:00+08:00');
    expect(deadlineOf(calendar, 'WORKING_DAYS', friday, RATING_CONTACT_WORKING_DAYS).deadlineDate).toBe('2026-09-29');
    expect(deadlineOf(calendar, 'WORKING_DAYS', at, RATING_RECTIFY_WORKING_DAYS).deadlineDate).toBe('2026-10-26'); // 9-30, 10-08…10-10 (Saturday 10-10 adjusted), 10-12…10-23, 10-26
  });

  it('turn OVERDUE at the deadline, never before, then escalate at supervision deadline', () => {
    const clock = {
      phase: 'RUNNING' as const,
      limit: 1,
      deadlineDate: '2026-09-30',
      deadlineAt: '2026-09-30T16:00:00.000Z',
    };
    const before = dueNow(policies.RATING_CONTACT, clock, new Date('2026-09-30T15:59:59.999Z'), calendar);
    expect(before).toMatchObject({ kind: 'WAIT', towards: 'DEADLINE' });
    expect(dueNow(policies.RATING_CONTACT, clock, new Date('2026-09-30T16:00:00Z'), calendar).kind).toBe('DEADLINE');
    expect(policies.RATING_CONTACT.atDeadline).toBe('OVERDUE');
    const overdue = { ...clock, phase: 'OVERDUE' as const };
    // 2 working days of supervision after 9-30: 10-08 and 10-09.
    expect(dueNow(policies.RATING_CONTACT, overdue, new Date('2026-10-09T15:00:00Z'), calendar)).toMatchObject({
      kind: 'WAIT',
      towards: 'SUPERVISION_DEADLINE',
    });
    expect(dueNow(policies.RATING_CONTACT, overdue, new Date('2026-10-09T16:00:00Z'), calendar).kind).toBe('ESCALATE');
  });
});

describe('a bad review and its rectification', () => {
  it('is bad at 1 and 2 only', () => {
    expect([1, 2, 3, 4, 5].map((l) => isBad(l as 1))).toEqual([true, true, false, false, false]);
  });

  it('derives the status from the facts', () => {
    expect(rectificationStatusOf(facts, {})).toBe('AWAITING_CONTACT');
    const late = { at: 'x', supervisionDeadline: 'y', supervisionDeadlineDate: 'z' };
    expect(rectificationStatusOf({ ...facts, contactOverdue: late }, {})).toBe('OVERDUE');
    // A late contact ends the contact stage's overdue: the report is what is owed now.
    expect(rectificationStatusOf({ ...facts, contactOverdue: late, contactedAt: 'x' }, {})).toBe('CONTACTED');
    expect(rectificationStatusOf({ ...facts, contactedAt: 'x', rectifyOverdue: late }, {})).toBe('OVERDUE');
    expect(rectificationStatusOf({ ...facts, contactedAt: 'x', rectifiedAt: 'y' }, {})).toBe('RECTIFIED');
    expect(rectificationStatusOf({ ...facts, contactedAt: 'x', rectifiedAt: 'y' }, { followUp: {} })).toBe('CLOSED');
    expect(rectificationStatusOf(facts, { excluded: {} })).toBe('EXCLUDED');
  });

  it('is rectified on time only when both stages met their deadlines', () => {
    const onTime = { ...facts, contactedAt: '2026-09-29T23:59:59+08:00', rectifiedAt: '2026-10-22T10:00:00+08:00' };
    expect(rectifiedOnTime(onTime)).toBe(true);
    expect(rectifiedOnTime({ ...onTime, contactedAt: '2026-09-30T00:00:01+08:00' })).toBe(false);
    expect(rectifiedOnTime({ ...onTime, rectifiedAt: '2026-10-23T00:00:01+08:00' })).toBe(false);
    expect(rectifiedOnTime({ ...facts, contactedAt: '2026-09-29T10:00:00+08:00' })).toBe(false);
  });
});

describe('the monthly summary', () => {
  const r = (departmentId: string, itemCode: string, level: 1 | 2 | 3 | 4 | 5, extra: Partial<SummarizedRating> = {}) =>
    ({ departmentId, itemCode, itemName: itemCode, level, bad: level <= 2, ...extra }) as SummarizedRating;

  it('counts per department and item, rates satisfaction as levels 3–5 over all, leaves excluded ones out', () => {
    const rows = summarize([
      r('D2', 'B', 5),
      r('D1', 'A', 5),
      r('D1', 'A', 3),
      r('D1', 'A', 1, { rectification: { ...facts, contactedAt: facts.contactBy, rectifiedAt: facts.rectifyBy } }),
      r('D1', 'A', 2, { rectification: facts }),
      r('D1', 'A', 1, { excluded: { reason: 'malicious' } }),
    ]);
    expect(rows.map((x) => `${x.departmentId}/${x.itemCode}`)).toEqual(['D1/A', 'D2/B']);
    expect(rows[0]).toMatchObject({
      total: 4,
      levels: { 5: 1, 4: 0, 3: 1, 2: 1, 1: 1 },
      satisfactionRate: 0.5,
      badReviews: 2,
      rectifiedOnTime: 1,
      excluded: 1,
    });
    expect(rows[1]?.satisfactionRate).toBe(1);
    expect(satisfactionRate({ 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 })).toBeNull();
  });
});
