/**
 * Lights (电子监察, docs/rules.md §5), computed from the duty's policy (functions/domain/duty.ts): GREEN while time
 * remains; YELLOW from the policy's warning instant (for approvals: at most max(1, 20% of the limit) working days
 * left, or the item's own threshold); RED once the deadline has passed on a duty still owed; RED_CARD when a red duty
 * is still owed at its supervision deadline. Pure: the caller passes the calendar and `now`.
 */
import type { WorkingCalendar } from './calendar.ts';
import { type DutyPolicy, policies, supervisionDeadlineOf } from './duty.ts';
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
  policy: DutyPolicy = policies.APPROVAL,
): { readonly light: Light; readonly remainingWorkingDays: number } | null {
  if ((c.status !== 'ACCEPTED' && c.status !== 'OVERDUE') || !c.deadlineDate || !c.deadlineAt) return null;
  const today = shanghaiDateOf(now);
  if (now.getTime() >= Date.parse(c.deadlineAt)) {
    const redCardFrom = supervisionDeadlineOf(policy, calendar, c.deadlineDate)?.at;
    const carded = redCardFrom !== undefined && now.getTime() >= redCardFrom.getTime();
    return { light: carded ? 'RED_CARD' : 'RED', remainingWorkingDays: 0 };
  }
  const remaining = remainingWorkingDays(calendar, today, c.deadlineDate);
  const threshold = policy.warning?.threshold(c.workingDays, c.yellowWarningDays);
  return {
    light: threshold !== undefined && remaining <= threshold ? 'YELLOW' : 'GREEN',
    remainingWorkingDays: remaining,
  };
}
