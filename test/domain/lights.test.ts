import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { policies, supervisionDeadlineOf, warningFrom } from '../../functions/domain/duty.ts';
import { lightOf, remainingWorkingDays } from '../../functions/domain/lights.ts';
import { addDays, endOfShanghaiDay } from '../../functions/domain/time.ts';

const calendar = new WorkingCalendar();
// Accepted Monday 2026-09-28 with 3 working days: due by the end of Thursday 2026-10-08 (National Day in between).
const c = { status: 'ACCEPTED', deadlineDate: '2026-10-08', deadlineAt: '2026-10-08T16:00:00.000Z', workingDays: 3 };
const at = (iso: string) => new Date(iso);
// The approval policy's warning threshold and supervision deadline: what the lights are computed from.
const yellowThreshold = (limit: number, configured?: number) =>
  policies.APPROVAL.warning?.threshold(limit, configured) ?? Number.NaN;
const yellowFrom = warningFrom;
const supervisionDeadline = (cal: WorkingCalendar, deadlineDate: string) => {
  const due = supervisionDeadlineOf(policies.APPROVAL, cal, deadlineDate);
  if (!due) throw new Error('the approval policy has a supervision deadline');
  return due;
};

describe('lights', () => {
  it('counts remaining working days over holidays', () => {
    expect(remainingWorkingDays(calendar, '2026-09-29', '2026-10-08')).toBe(3); // 9-29, 9-30, 10-08
    expect(remainingWorkingDays(calendar, '2026-10-03', '2026-10-08')).toBe(1);
    expect(remainingWorkingDays(calendar, '2026-10-09', '2026-10-08')).toBe(0);
  });

  it('yellows at max(1 working day, 20% of the limit)', () => {
    expect(yellowThreshold(3)).toBe(1);
    expect(yellowThreshold(20)).toBe(4);
  });

  it('is green, then yellow on the last working day, red at the deadline, a red card 2 working days later', () => {
    expect(lightOf(c, at('2026-09-29T09:00:00+08:00'), calendar)).toEqual({ light: 'GREEN', remainingWorkingDays: 3 });
    expect(lightOf(c, at('2026-10-05T09:00:00+08:00'), calendar)).toEqual({ light: 'YELLOW', remainingWorkingDays: 1 });
    expect(lightOf(c, at('2026-10-08T23:59:59+08:00'), calendar)?.light).toBe('YELLOW');
    expect(lightOf(c, at('2026-10-09T00:00:00+08:00'), calendar)).toEqual({ light: 'RED', remainingWorkingDays: 0 });
    const overdue = { ...c, status: 'OVERDUE' };
    // Two working days after Thursday 10-08: Friday 10-09 and Saturday 10-10 (a 调休 working day).
    expect(lightOf(overdue, at('2026-10-10T12:00:00+08:00'), calendar)?.light).toBe('RED');
    expect(lightOf(overdue, at('2026-10-11T00:00:00+08:00'), calendar)?.light).toBe('RED_CARD');
    expect(lightOf({ ...c, status: 'APPROVED' }, at('2026-09-29T09:00:00+08:00'), calendar)).toBeNull();
  });

  it('uses the threshold configured for the item', () => {
    expect(yellowThreshold(20, 2)).toBe(2);
    const configured = { ...c, workingDays: 20, yellowWarningDays: 0 };
    expect(lightOf(configured, at('2026-10-08T09:00:00+08:00'), calendar)?.light).toBe('GREEN');
  });

  it('names the exact instants the clock raises: yellow from 00:00 of National Day, red card at the supervision deadline', () => {
    expect(yellowFrom(calendar, '2026-10-08', 1).toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(supervisionDeadline(calendar, '2026-10-08')).toEqual({
      date: '2026-10-10',
      at: new Date('2026-10-10T16:00:00.000Z'),
    });
  });

  it('turns yellow exactly at yellowFrom and red card exactly at the supervision deadline, never a second early', () => {
    const days = Array.from({ length: 400 }, (_, i) => addDays('2026-06-01', i)).filter((d) =>
      calendar.isWorkingDay(d),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...days),
        fc.integer({ min: 1, max: 30 }),
        fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
        (deadlineDate, workingDays, yellowWarningDays) => {
          const open = {
            status: 'ACCEPTED',
            deadlineDate,
            deadlineAt: endOfShanghaiDay(deadlineDate).toISOString(),
            workingDays,
            yellowWarningDays,
          };
          const yellow = yellowFrom(calendar, deadlineDate, yellowThreshold(workingDays, yellowWarningDays));
          if (yellowWarningDays === 0) {
            // No yellow stage: the "yellow instant" is the deadline itself, where the light turns red.
            expect(yellow.toISOString()).toBe(open.deadlineAt);
          } else {
            expect(yellow.getTime()).toBeLessThan(Date.parse(open.deadlineAt));
            expect(lightOf(open, new Date(yellow.getTime() - 1000), calendar)?.light).toBe('GREEN');
            expect(lightOf(open, yellow, calendar)?.light).toBe('YELLOW');
          }
          const overdue = { ...open, status: 'OVERDUE' };
          const card = supervisionDeadline(calendar, deadlineDate).at;
          expect(lightOf(overdue, new Date(card.getTime() - 1000), calendar)?.light).toBe('RED');
          expect(lightOf(overdue, card, calendar)?.light).toBe('RED_CARD');
        },
      ),
      { seed: 20261125, numRuns: 300 },
    );
  });
});
