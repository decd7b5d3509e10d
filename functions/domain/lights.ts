/**
 * Lights (电子监察, DOMAIN.md §5): GREEN while time remains; YELLOW when the remaining working days are at most
 * max(1, 20% of the limit); RED once the deadline has passed on a case still open; RED_CARD when a red case is still
 * open 2 working days after its deadline. Pure: the caller passes the calendar and `now`.
 */
import type { WorkingCalendar } from './calendar.ts';
import { addDays, type IsoDate, shanghaiDateOf } from './time.ts';

export type Light = 'GREEN' | 'YELLOW' | 'RED' | 'RED_CARD';

/** How urgent each light is (lower first). */
export const lightRank: Readonly<Record<Light, number>> = { RED_CARD: 0, RED: 1, YELLOW: 2, GREEN: 3 };

/** Working days left from today (counted if it is a working day) through the deadline date; 0 once it has passed. */
export function remainingWorkingDays(calendar: WorkingCalendar, today: IsoDate, deadlineDate: IsoDate): number {
  let count = 0;
  for (let day = today; day <= deadlineDate; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
}

/** The yellow threshold in working days: max(1, 20% of the limit). */
export function yellowThreshold(limitDays: number): number {
  return Math.max(1, 0.2 * limitDays);
}

export function lightOf(
  c: {
    readonly status: string;
    readonly deadlineDate?: string | undefined;
    readonly deadlineAt?: string | undefined;
    readonly workingDays: number;
  },
  now: Date,
  calendar: WorkingCalendar,
): { readonly light: Light; readonly remainingWorkingDays: number } | null {
  if ((c.status !== 'ACCEPTED' && c.status !== 'OVERDUE') || !c.deadlineDate || !c.deadlineAt) return null;
  const today = shanghaiDateOf(now);
  if (now.getTime() >= Date.parse(c.deadlineAt)) {
    const redCardFrom = calendar.addWorkingDays(c.deadlineDate, 2).date;
    return { light: today > redCardFrom ? 'RED_CARD' : 'RED', remainingWorkingDays: 0 };
  }
  const remaining = remainingWorkingDays(calendar, today, c.deadlineDate);
  return { light: remaining <= yellowThreshold(c.workingDays) ? 'YELLOW' : 'GREEN', remainingWorkingDays: remaining };
}
