import { describe, expect, it } from 'vitest';
import { type NotificationRules, notificationFor, notificationRules } from '../../functions/domain/notifications.ts';
import { timelineEventTypes } from '../../functions/domain/timeline.ts';

const base = {
  id: 'XN-1',
  itemName: '企业设立登记 Company registration',
  status: 'ACCEPTED',
  deadlineDate: '2026-10-08',
  deadline: '2026-10-09T00:00:00+08:00',
};
const event = (type: string) => ({ at: '2026-09-28T10:00:00+08:00', type, by: 'someone', note: 'what happened' });

describe('who is told what', () => {
  it.each([
    ['ACCEPTED', ['APPLICANT']],
    ['MATERIALS_REQUIRED', ['APPLICANT']],
    ['REPEATED_NOTICE', ['APPLICANT', 'SUPERVISION']],
    ['DEEMED_ACCEPTED', ['APPLICANT', 'HANDLER']],
    ['SUSPENDED', ['APPLICANT', 'HANDLER']],
    ['RESUMED', ['APPLICANT', 'HANDLER']],
    ['EXTENSION_REQUESTED', ['HEAD']],
    ['EXTENDED', ['APPLICANT', 'HANDLER']],
    ['YELLOW_WARNING', ['HANDLER', 'HEAD']],
    ['APPROVED', ['APPLICANT']],
    ['REJECTED', ['APPLICANT']],
    ['DEEMED_APPROVED', ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION']],
    ['OVERDUE', ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION']],
    ['RED_CARD', ['HANDLER', 'HEAD', 'SUPERVISION']],
    ['WITHDRAWN', ['APPLICANT', 'HANDLER']],
    ['REVOKED', ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION']],
  ])('%s → %j, in Chinese and English, with what happened', (type, to) => {
    const told = notificationFor(event(type), base);
    expect(told).toMatchObject({ kind: type, to, detail: 'what happened' });
    expect(told?.subject.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(told?.subject.en).toMatch(/[a-z]/);
  });

  it('tells the applicant the date that matters to them: the completion date, the new deadline, the supervision one', () => {
    expect(notificationFor(event('ACCEPTED'), base)?.actBy).toBe(base.deadline);
    expect(notificationFor(event('ACCEPTED'), base)?.subject.zh).toContain('2026-10-08');
    const overdue = {
      ...base,
      status: 'OVERDUE',
      supervision: { deadlineDate: '2026-10-10', deadline: '2026-10-11T00:00:00+08:00' },
    };
    expect(notificationFor(event('OVERDUE'), overdue)).toMatchObject({ actBy: '2026-10-11T00:00:00+08:00' });
    expect(notificationFor(event('OVERDUE'), overdue)?.subject.en).toContain('2026-10-10');
  });

  it('tells of papers received for review only while they wait for review', () => {
    const received = { ...base, status: 'RECEIVED', reviewDeadline: '2026-10-10T00:00:00+08:00' };
    expect(notificationFor(event('RECEIVED'), received)).toMatchObject({
      to: ['APPLICANT'],
      actBy: '2026-10-10T00:00:00+08:00',
    });
    expect(notificationFor(event('RECEIVED'), base)).toBeNull(); // received and accepted at once
  });

  it('tells nobody of what concerns only the record, and says so', () => {
    expect(notificationFor(event('DEEMED_APPROVAL_CONFIRMED'), base)).toBeNull();
    expect(notificationRules.DEEMED_APPROVAL_CONFIRMED).toMatchObject({ to: [], why: expect.any(String) });
  });

  it('states for every timeline event type who is told — nobody included, explicitly', () => {
    expect(Object.keys(notificationRules).sort()).toEqual([...timelineEventTypes].sort());
    for (const type of timelineEventTypes) {
      const rule = notificationRules[type];
      if (rule.to.length === 0) expect(rule, type).toHaveProperty('why', expect.stringMatching(/\w/));
    }
  });

  it('tells nobody of a type this version does not know (written by an older one), without failing', () => {
    expect(notificationFor(event('LEGACY_REMARK'), base)).toBeNull();
    expect(notificationFor(event('toString'), base)).toBeNull(); // not a key of any plain object either
  });

  it('does not compile a rule set missing a type or naming one that does not exist', () => {
    const { RED_CARD: _dropped, ...missingOne } = notificationRules;
    // @ts-expect-error — RED_CARD must say who is told
    const incomplete: NotificationRules = missingOne;
    // @ts-expect-error — not a timeline event type
    const misspelled: NotificationRules = { ...notificationRules, YELLOW_WARNIG: notificationRules.YELLOW_WARNING };
    expect([incomplete, misspelled]).toHaveLength(2);
  });
});
