/**
 * Lights (电子监察, docs/rules.md §5): GREEN while time remains; YELLOW when the remaining working days are at most
 * max(1, 20% of the limit); RED once the deadline has passed on a case still open; RED_CARD when a red case is still
 * open 2 working days after its deadline. Pure: the caller passes the calendar and `now`.
 */
import type { WorkingCalendar } from './calendar.ts';
import { addDays, endOfShanghaiDay, type IsoDate, shanghaiDateOf } from './time.ts';

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

/** The yellow threshold in working days: the item's own setting, else max(1, 20% of the limit). */
export function yellowThreshold(limitDays: number, configured?: number): number {
  return configured ?? Math.max(1, 0.2 * limitDays);
}

/** Working days a red case has before it turns into a red card: the supervision deadline (督办期限). */
export const RED_CARD_AFTER_WORKING_DAYS = 2;

/**
 * The instant the light turns YELLOW, exactly as `lightOf` sees it: 00:00+08:00 of the first day from which at most
 * `threshold` working days remain through the deadline date. The remaining count changes only at midnight, so this
 * is the day after the (⌊threshold⌋+1)-th working day counted back from the deadline date. May lie before the
 * acceptance (a short limit is yellow from the start).
 */
export function yellowFrom(calendar: WorkingCalendar, deadlineDate: IsoDate, threshold: number): Date {
  const stillGreenWith = Math.floor(threshold) + 1;
  let counted = 0;
  for (let day = deadlineDate, guard = 0; guard < 2_000; day = addDays(day, -1), guard++) {
    if (calendar.isWorkingDay(day) && ++counted === stillGreenWith) return endOfShanghaiDay(day);
  }
  throw new RangeError(`no ${stillGreenWith} working days before ${deadlineDate}`);
}

/**
 * The supervision deadline (督办期限) of a case that ran out of time while still open: the end of the 2nd working day
 * after its deadline date. A case still open at that instant gets a RED_CARD.
 */
export function supervisionDeadline(calendar: WorkingCalendar, deadlineDate: IsoDate): { date: IsoDate; at: Date } {
  const date = calendar.addWorkingDays(deadlineDate, RED_CARD_AFTER_WORKING_DAYS).date;
  return { date, at: endOfShanghaiDay(date) };
}

export function lightOf(
  c: {
    readonly status: string;
    readonly deadlineDate?: string | undefined;
    readonly deadlineAt?: string | undefined;
    readonly workingDays: number;
    readonly yellowWarningDays?: number | undefined;
  },
  now: Date,
  calendar: WorkingCalendar,
): { readonly light: Light; readonly remainingWorkingDays: number } | null {
  if ((c.status !== 'ACCEPTED' && c.status !== 'OVERDUE') || !c.deadlineDate || !c.deadlineAt) return null;
  const today = shanghaiDateOf(now);
  if (now.getTime() >= Date.parse(c.deadlineAt)) {
    const redCardFrom = supervisionDeadline(calendar, c.deadlineDate).at;
    return { light: now.getTime() >= redCardFrom.getTime() ? 'RED_CARD' : 'RED', remainingWorkingDays: 0 };
  }
  const remaining = remainingWorkingDays(calendar, today, c.deadlineDate);
  const threshold = yellowThreshold(c.workingDays, c.yellowWarningDays);
  return { light: remaining <= threshold ? 'YELLOW' : 'GREEN', remainingWorkingDays: remaining };
}
