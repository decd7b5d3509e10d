import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { clockStatus, executionArnOf, startClock } from '../common/clock-executions.ts';
import { settleDue } from '../common/deadlines.ts';
import { remindHigherApprovals } from '../common/higher-reminders.ts';
import { logger } from '../common/logger.ts';
import { METRIC_DUTY } from '../common/metrics.ts';
import { metric, observed } from '../common/observability.ts';
import { toShanghaiIso } from '../domain/time.ts';
import {
  type ClockRecord,
  dropClockStartMarker,
  openClocksDueBy,
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
 *    (idempotent if it did start after all), and record it.
 * Every repair is logged at WARN with the message "clock repaired" (an alarm counts them). It also reminds officers of
 * higher approvals past their expected date without news (functions/common/higher-reminders.ts; a third sparse query).
 */
export const handler = middy(async (): Promise<ReconcileReport> => {
  const at = now();
  let failures = 0;
  const each = async (
    list: readonly ClockRecord[],
    repair: (c: ClockRecord) => Promise<boolean>,
    counted: 'ExpiriesRepaired' | 'ClocksRestarted',
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

function repaired(c: ClockRecord, repair: string, extra: Record<string, unknown>): void {
  logger.warn('clock repaired', { caseId: c.subject, duty: c.duty, deadline: c.deadline, repair, ...extra });
}
