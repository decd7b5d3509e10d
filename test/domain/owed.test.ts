import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import {
  grievanceOwed,
  grievanceOwedBy,
  grievancePending,
  owedLight,
  rectificationOwed,
  remainingCalendarDays,
} from '../../functions/domain/owed.ts';

const calendar = new WorkingCalendar();
/** A stage's deadline: the end of `date`, China time (16:00 UTC that day). */
const stage = (date: string) => ({
  deadlineDate: date,
  deadline: `${date}T23:59:59+08:00`,
  deadlineAt: new Date(`${date}T16:00:00Z`).toISOString(),
});
const accepted = {
  status: 'ACCEPTED',
  assignedTo: 'market',
  unit: 'CALENDAR_DAYS' as const,
  acceptBy: stage('2026-03-17'),
  handleBy: stage('2026-05-06'),
};

describe('what a department owes on a grievance', () => {
  it('owes the handling stage once assigned, overdue or not; the review and re-review are supervision’s', () => {
    expect(grievanceOwed(accepted)).toMatchObject({ stage: 'HANDLE', deadlineDate: '2026-05-06', overdue: false });
    expect(grievanceOwedBy(accepted)).toBe('market');
    const overdue = { ...accepted, status: 'OVERDUE', overdueStage: 'HANDLE', supervision: stage('2026-05-08') };
    expect(grievanceOwed(overdue)).toMatchObject({ stage: 'HANDLE', overdue: true });

    const review = { ...accepted, status: 'UNDER_REVIEW', reviewRound: 1, reviewBy: stage('2026-06-01') };
    expect(grievancePending(review)).toMatchObject({ stage: 'REVIEW', deadlineDate: '2026-06-01', limit: 30 });
    const rereview = { ...review, reviewRound: 2, rereviewExtension: { status: 'APPROVED', days: 30 } };
    expect(grievancePending(rereview)).toMatchObject({ stage: 'REREVIEW', limit: 60 });
    expect(grievancePending({ ...rereview, status: 'OVERDUE', overdueStage: 'REREVIEW' })).toMatchObject({
      stage: 'REREVIEW',
      overdue: true,
    });
    for (const g of [review, rereview, { ...rereview, status: 'OVERDUE', overdueStage: 'REREVIEW' }]) {
      expect(grievanceOwed(g)).toBeUndefined();
      expect(grievanceOwedBy(g)).toBeUndefined();
    }
  });

  it('owes nothing before acceptance (supervision’s stage), once answered, referred or closed', () => {
    const received = { status: 'RECEIVED', acceptBy: stage('2026-03-17') };
    expect(grievancePending(received)).toMatchObject({ stage: 'ACCEPT' });
    expect(grievanceOwed(received)).toBeUndefined();
    expect(grievanceOwed({ ...received, status: 'OVERDUE', overdueStage: 'ACCEPT' })).toBeUndefined();
    for (const status of ['ANSWERED', 'REFERRED', 'CLOSED']) {
      expect(grievanceOwedBy({ ...accepted, status })).toBeUndefined();
    }
  });
});

describe('what a department owes on a bad review', () => {
  const rect = {
    contactBy: '2026-11-04T00:00:00+08:00',
    contactByDate: '2026-11-03',
    rectifyBy: '2026-11-24T00:00:00+08:00',
    rectifyByDate: '2026-11-23',
  };
  it('owes the contact, then the report; nothing once reported, followed up or excluded', () => {
    expect(rectificationOwed({ bad: true, status: 'AWAITING_CONTACT', rectification: rect })).toMatchObject({
      stage: 'CONTACT',
      unit: 'WORKING_DAYS',
      limit: 1,
    });
    const contacted = { ...rect, contactedAt: '2026-11-03T09:00:00+08:00' };
    expect(rectificationOwed({ bad: true, status: 'CONTACTED', rectification: contacted })).toMatchObject({
      stage: 'RECTIFY',
      limit: 15,
    });
    const reported = { ...contacted, rectifiedAt: '2026-11-05T09:00:00+08:00' };
    expect(rectificationOwed({ bad: true, status: 'RECTIFIED', rectification: reported })).toBeUndefined();
    expect(rectificationOwed({ bad: true, excluded: {}, rectification: rect })).toBeUndefined();
    expect(rectificationOwed({ bad: false })).toBeUndefined();
  });

  it('an overdue stage is red until supervision’s deadline, then the red card', () => {
    const overdue = {
      ...rect,
      contactOverdue: {
        at: '2026-11-04T00:00:00+08:00',
        supervisionDeadline: '2026-11-06T00:00:00+08:00',
        supervisionDeadlineDate: '2026-11-05',
      },
    };
    const owed = rectificationOwed({ bad: true, status: 'OVERDUE', rectification: overdue });
    if (!owed) throw new Error('owed');
    expect(owedLight(owed, new Date('2026-11-04T10:00:00+08:00'), calendar)).toEqual({
      light: 'RED',
      remainingDays: 0,
    });
    expect(owedLight(owed, new Date('2026-11-06T00:00:00+08:00'), calendar).light).toBe('RED_CARD');
  });
});

describe('the light of an owed duty', () => {
  it('counts calendar days for a grievance: green, yellow from max(1, 20% of the limit) days left, red after', () => {
    const owed = grievanceOwed(accepted);
    if (!owed) throw new Error('owed');
    expect(owedLight(owed, new Date('2026-03-02T10:00:00+08:00'), calendar)).toEqual({
      light: 'GREEN',
      remainingDays: 66,
    });
    // 60 days' limit: yellow from 12 days left (25 April → 6 May, both counted).
    expect(owedLight(owed, new Date('2026-04-24T10:00:00+08:00'), calendar).light).toBe('GREEN');
    expect(owedLight(owed, new Date('2026-04-25T10:00:00+08:00'), calendar)).toEqual({
      light: 'YELLOW',
      remainingDays: 12,
    });
    expect(owedLight(owed, new Date('2026-05-07T00:00:00+08:00'), calendar)).toEqual({
      light: 'RED',
      remainingDays: 0,
    });
  });

  it('counts both ends of a calendar-day range', () => {
    expect(remainingCalendarDays('2026-03-02', '2026-03-02')).toBe(1);
    expect(remainingCalendarDays('2026-03-03', '2026-03-02')).toBe(0);
  });
});
