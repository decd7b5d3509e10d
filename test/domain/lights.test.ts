import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { lightOf, remainingWorkingDays, yellowThreshold } from '../../functions/domain/lights.ts';

const calendar = new WorkingCalendar();
// Accepted Monday 2026-09-28 with 3 working days: due by the end of Thursday 2026-10-08 (National Day in between).
const c = { status: 'ACCEPTED', deadlineDate: '2026-10-08', deadlineAt: '2026-10-08T16:00:00.000Z', workingDays: 3 };
const at = (iso: string) => new Date(iso);

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
});
