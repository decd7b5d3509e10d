import { signalRescheduled } from '../common/clock-executions.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import { movedDeadlineOf, policies } from '../domain/duty.ts';
import type { CaseRecord } from '../store/cases.ts';
import { type ClockKey, deadlineFields, getClock } from '../store/clocks.ts';

/** The approval clock of a case. */
export const approvalClockOf = (c: Pick<CaseRecord, 'id'>): ClockKey => ({ subject: c.id, duty: 'APPROVAL' });

/** The deadline fields after adding days (in the approval policy's unit) to the current deadline date. */
export function movedDeadline(calendar: WorkingCalendar, c: CaseRecord, days: number) {
  const moved = movedDeadlineOf(calendar, policies.APPROVAL.unit, c.deadlineDate as string, days);
  return deadlineFields({ ...moved, provisional: Boolean(c.provisional) || moved.provisional });
}

/**
 * Wakes the clock so it re-plans around the moved deadline (the race restarts). Best effort, like a decision: the
 * move's write left `replanOwed` on the clock, so a signal lost here (a crash, a failed send, a token not yet renewed
 * on the clock) is sent again by the reconciler (functions/schedule/reconcile.ts).
 */
export async function reschedule(c: CaseRecord): Promise<void> {
  const clock = await getClock(approvalClockOf(c));
  if (clock) await signalRescheduled(clock, c.status);
}
