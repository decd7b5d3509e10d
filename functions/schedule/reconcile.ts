import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { clockStatus, executionArnOf, signalRescheduled, startClock } from '../common/clock-executions.ts';
import { settleDue } from '../common/deadlines.ts';
import { remindHigherApprovals } from '../common/higher-reminders.ts';
import { logger } from '../common/logger.ts';
import { METRIC_DUTY } from '../common/metrics.ts';
import { metric, observed } from '../common/observability.ts';
import { toShanghaiIso } from '../domain/time.ts';
import {
  type ClockRecord,
  clearReplanOwed,
  dropClockStartMarker,
  getClock,
  openClocksDueBy,
  replansOwedSince,
  setExecutionArn,
  unstartedClocksSince,
} from '../store/clocks.ts';

/** A clock is given this long to start before the reconciler calls it missing (StartExecution follows the write). */
const START_GRACE_MS = 5 * 60 * 1000;

/**
 * The clock itself acts at the deadline; the reconciler steps in only for a deadline missed by more than this, so
 * that it repairs misses instead of racing a healthy clock (the race would be safe — DynamoDB decides it — but the
 * record would wrongly say the clock needed repair).
 */
const REPAIR_GRACE_MS = 5 * 60 * 1000;

/**
 * A moved deadline's RESCHEDULED is sent right after the move's write and the checkpoint it wakes removes the
 * `replanOwed` marker within seconds; a marker older than this means the signal was lost.
 */
const REPLAN_GRACE_MS = 5 * 60 * 1000;

/** The case status that goes with each phase a clock can re-plan in (the signal carries it for the history). */
const STATUS_OF_PHASE: Readonly<Record<string, string>> = {
  RUNNING: 'ACCEPTED',
  PAUSED: 'SUSPENDED',
  OVERDUE: 'OVERDUE',
};

export interface ReconcileReport {
  readonly at: string;
  /** Open clocks (of any duty) read because their deadline passed more than REPAIR_GRACE_MS ago. */
  readonly dueExpiries: number;
  /** Clocks read because they were owed a start more than START_GRACE_MS ago with no execution recorded. */
  readonly unstartedClocks: number;
  readonly expiriesRepaired: number;
  readonly clocksRestarted: number;
  /** Clocks that could not be reconciled this run (logged at ERROR; the others went on). */
  readonly failures: number;
  /** Higher approvals (上级审批) whose expected date passed without news: their officers reminded. */
  readonly higherApprovalReminders: number;
  /** Clocks read because their deadline moved more than REPLAN_GRACE_MS ago and no checkpoint has re-planned since. */
  readonly replansOwed: number;
  /** Of those, the clocks whose execution was sent RESCHEDULED again (the move's own signal was lost). */
  readonly replansResent: number;
}

/**
 * The safety net under every clock (scheduled), generic over duties (functions/domain/duty.ts). Reads only due work —
 * two sparse-index queries of the Clocks table bounded by the work to do, never by the clocks running well nor by
 * history — and repairs through the same consequence the clock itself applies (functions/common/deadlines.ts):
 *  - an open clock whose deadline passed more than REPAIR_GRACE_MS ago (`openClocksDueBy`): with no consequence yet,
 *    or with its record still missing → settle it (the policy says what that means: deemed consent or overdue for an
 *    approval, deemed acceptance for an intake review);
 *  - a clock owed a start more than START_GRACE_MS ago with no recorded execution (the API crashed or Step Functions
 *    failed after the clock was written; `unstartedClocksSince`) → start it under the name its policy fixes
 *    (idempotent if it did start after all), and record it;
 *  - a clock whose deadline moved (a resume, an approved extension) more than REPLAN_GRACE_MS ago with no checkpoint
 *    since (`replansOwedSince`): the move's RESCHEDULED was lost, and the execution may sleep on its old plan — up to
 *    PAUSED_LOOK_AGAIN_DAYS after a pause, past the new deadline and its warning → send RESCHEDULED again (the model
 *    check's finding 2, functions/workflow/model/approval-clock.pml).
 * Every repair is logged at WARN with the message "clock repaired" (an alarm counts them). It also reminds officers of
 * higher approvals past their expected date without news (functions/common/higher-reminders.ts; a third sparse query).
 */
export const handler = middy(async (): Promise<ReconcileReport> => {
  const at = now();
  let failures = 0;
  const each = async (
    list: readonly ClockRecord[],
    repair: (c: ClockRecord) => Promise<boolean>,
    counted: 'ExpiriesRepaired' | 'ClocksRestarted' | 'ReplansResent',
  ) => {
    let repairs = 0;
    for (const c of list) {
      try {
        if (await repair(c)) {
          repairs++;
          metric(counted, 1, METRIC_DUTY[c.duty]);
        }
      } catch (error) {
        // One bad case must not block the others (they would wait an hour more each time): log it and go on.
        failures++;
        metric('ReconcileFailures', 1, METRIC_DUTY[c.duty]);
        logger.error('reconcile failed for a clock', { caseId: c.subject, duty: c.duty, error: error as Error });
      }
    }
    return repairs;
  };

  const due = await openClocksDueBy(new Date(at.getTime() - REPAIR_GRACE_MS).toISOString());
  const expiriesRepaired = await each(due, repairExpiry, 'ExpiriesRepaired');
  // Read after the expiry repairs, which drop the start marker of the clocks they settle. A clock still listed here
  // that was also due (a stale index read) is the expiry repair's, not a clock to start: it would only end.
  const settled = new Set(due.map(idOf));
  const unstarted = (await unstartedClocksSince(new Date(at.getTime() - START_GRACE_MS).toISOString())).filter(
    (c) => !settled.has(idOf(c)),
  );
  const clocksRestarted = await each(unstarted, repairStart, 'ClocksRestarted');
  // Read after the expiry repairs: a clock settled just now (OVERDUE) still gets its re-plan, towards supervision.
  const owed = await replansOwedSince(new Date(at.getTime() - REPLAN_GRACE_MS).toISOString());
  const replansResent = await each(owed, repairReplan, 'ReplansResent');
  // Not a clock: a higher authority's expected date is the officer's to chase, so a reminder, not a consequence.
  let higherApprovalReminders = 0;
  try {
    higherApprovalReminders = await remindHigherApprovals(at);
  } catch (error) {
    failures++;
    logger.error('higher approval reminders failed; next run retries', { error: error as Error });
  }

  const report = {
    at: toShanghaiIso(at),
    dueExpiries: due.length,
    unstartedClocks: unstarted.length,
    expiriesRepaired,
    clocksRestarted,
    failures,
    higherApprovalReminders,
    replansOwed: owed.length,
    replansResent,
  };
  logger.info('reconcile finished', { ...report });
  return report;
}).use(observed());

const idOf = (c: ClockRecord) => `${c.subject}#${c.duty}`;

/** A deadline missed by more than the grace: apply the policy's consequence and/or write the missing record. */
async function repairExpiry(c: ClockRecord): Promise<boolean> {
  const result = await settleDue(c, 'system:reconciler');
  if (result.kind !== 'SETTLED' || !(result.appliedNow || result.recordedNow)) return false;
  repaired(c, 'deadline passed without the clock applying the rule', {
    outcome: result.outcome,
    appliedNow: result.appliedNow,
    recordedNow: result.recordedNow,
  });
  return true;
}

/** A clock owed a start for longer than the grace, with no execution recorded. */
async function repairStart(c: ClockRecord): Promise<boolean> {
  // Paused before its clock started: it keeps the marker, runs again on resume and is started then.
  if (c.phase === 'PAUSED') return false;
  if (c.phase !== 'RUNNING') {
    // Decided, expired or withdrawn meanwhile (an older write, or a stale index read): no clock will ever run.
    await dropClockStartMarker(c);
    return false;
  }
  const status = await clockStatus(c);
  if (status === undefined) {
    await setExecutionArn(c, await startClock(c));
    repaired(c, `${c.duty.toLowerCase()} clock execution was missing; started it`, {});
    return true;
  }
  // The execution exists: StartExecution succeeded but its ARN was never recorded. Record it (the clock leaves the
  // index); executions that fail later raise the failed-executions alarm, and the deadline is still enforced above.
  await setExecutionArn(c, executionArnOf(c));
  if (status === 'RUNNING') {
    logger.info('clock start recorded', { caseId: c.subject, duty: c.duty });
    return false;
  }
  // An execution that ended (FAILED/ABORTED/TIMED_OUT) while the clock is still open cannot be restarted under
  // the same name; the deadline is still enforced here, by this reconciler, when it passes.
  logger.warn('clock ended early', {
    caseId: c.subject,
    duty: c.duty,
    executionStatus: status,
    note: 'the reconciler enforces its deadline',
  });
  return false;
}

/**
 * A deadline moved and no checkpoint has read it since: send RESCHEDULED again, on the token the clock holds now. Not
 * delivered: a stale token (the decision task was renewed and has not stored its new one yet) keeps the marker for
 * the next run; an execution that no longer runs has nothing to wake, so the marker goes (the deadline is enforced
 * by the expiry repair above, and an execution started later plans from the clock as it is then).
 */
async function repairReplan(c: ClockRecord): Promise<boolean> {
  // The index is eventually consistent: the clock as it is now, with the token its decision task stored last.
  const clock = await getClock(c);
  // Re-planned since (the marker went), or moved again (a newer marker, with its own grace).
  if (!clock?.replanOwed || clock.replanOwed !== c.replanOwed) return false;
  const status = STATUS_OF_PHASE[clock.phase];
  // Ended (its record still owed, so still on the index): no plan to fix; the clock leaves the index once closed.
  if (!status) return false;
  if (await signalRescheduled(clock, status)) {
    repaired(clock, 'the moved deadline was not re-planned (its RESCHEDULED was lost); sent it again', {
      movedAt: clock.replanOwed,
    });
    return true;
  }
  const execution = await clockStatus(clock);
  if (execution === 'RUNNING') {
    logger.info('re-plan owed; the decision task token is not current yet, next run tries again', {
      caseId: clock.subject,
      duty: clock.duty,
    });
    return false;
  }
  await clearReplanOwed(clock, clock.replanOwed, clock.deadlineAt);
  return false;
}

function repaired(c: ClockRecord, repair: string, extra: Record<string, unknown>): void {
  logger.warn('clock repaired', { caseId: c.subject, duty: c.duty, deadline: c.deadline, repair, ...extra });
}
