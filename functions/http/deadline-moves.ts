import { signalDecision } from '../common/approval-clock.ts';
import { DECISION_SIGNALS } from '../common/clock-signals.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import { endOfShanghaiDay, toShanghaiIso } from '../domain/time.ts';
import type { CaseRecord } from '../store/cases.ts';

/** The deadline fields after adding working days to the current deadline date. */
export function movedDeadline(calendar: WorkingCalendar, c: CaseRecord, workingDays: number) {
  const moved = calendar.addWorkingDays(c.deadlineDate as string, workingDays);
  const at = endOfShanghaiDay(moved.date);
  return {
    deadlineDate: moved.date,
    deadline: toShanghaiIso(at),
    deadlineAt: at.toISOString(),
    provisional: Boolean(c.provisional) || moved.provisional,
  };
}

/** Wakes the clock so it re-plans around the moved deadline (the race restarts). Best effort, like a decision. */
export async function reschedule(c: CaseRecord): Promise<void> {
  if (c.taskToken) {
    await signalDecision(c.taskToken, { caseId: c.id, signal: DECISION_SIGNALS.rescheduled, status: c.status });
  }
}
