import middy from '@middy/core';
import { clockStatus, executionArnOf, startClock } from '../common/approval-clock.ts';
import { now } from '../common/clock.ts';
import { settleIfExpired } from '../common/expiry.ts';
import { logger } from '../common/logger.ts';
import { metricCounts, observed } from '../common/observability.ts';
import { toShanghaiIso } from '../domain/time.ts';
import {
  type CaseRecord,
  dropClockStartMarker,
  openClocksDueBy,
  setExecutionArn,
  unstartedClocksSince,
} from '../store/cases.ts';

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
  /** Open clocks read because their deadline passed more than REPAIR_GRACE_MS ago (settled now, or earlier). */
  readonly dueExpiries: number;
  /** Cases read because their clock was owed a start more than START_GRACE_MS ago with no execution recorded. */
  readonly unstartedClocks: number;
  readonly expiriesRepaired: number;
  readonly clocksRestarted: number;
  /** Cases that could not be reconciled this run (logged at ERROR; the others went on). */
  readonly failures: number;
}

/**
 * The safety net under the approval clock (scheduled). Reads only due work — two sparse-index queries bounded by
 * the work to do, never by the clocks running well nor by history — and repairs through the same rule the clock uses:
 *  - an open clock whose deadline passed more than REPAIR_GRACE_MS ago (`openClocksDueBy`): with no outcome yet, or
 *    with its accountability record still missing → settle it;
 *  - an accepted case whose clock was owed a start more than START_GRACE_MS ago and has no recorded execution (the
 *    API crashed or Step Functions failed after the case was written; `unstartedClocksSince`) → start it, named by
 *    the case id (idempotent if it did start after all), and record it.
 * Every repair is logged at WARN with the message "clock repaired" (an alarm counts them).
 */
export const handler = middy(async (): Promise<ReconcileReport> => {
  const at = now();
  let failures = 0;
  const each = async (list: readonly CaseRecord[], repair: (c: CaseRecord) => Promise<boolean>) => {
    let repairs = 0;
    for (const c of list) {
      try {
        if (await repair(c)) repairs++;
      } catch (error) {
        // One bad case must not block the others (they would wait an hour more each time): log it and go on.
        failures++;
        logger.error('reconcile failed for a case', { caseId: c.id, error: error as Error });
      }
    }
    return repairs;
  };

  const due = await openClocksDueBy(new Date(at.getTime() - REPAIR_GRACE_MS).toISOString());
  const expiriesRepaired = await each(due, repairExpiry);
  // Read after the expiry repairs, which drop the start marker of the cases they settle. A case still listed here
  // that was also due (a stale index read) is the expiry repair's, not a clock to start: the clock would only end.
  const settled = new Set(due.map((c) => c.id));
  const unstarted = (await unstartedClocksSince(new Date(at.getTime() - START_GRACE_MS).toISOString())).filter(
    (c) => !settled.has(c.id),
  );
  const clocksRestarted = await each(unstarted, repairStart);

  const report = {
    at: toShanghaiIso(at),
    dueExpiries: due.length,
    unstartedClocks: unstarted.length,
    expiriesRepaired,
    clocksRestarted,
    failures,
  };
  logger.info('reconcile finished', { ...report });
  metricCounts({ ExpiriesRepaired: expiriesRepaired, ClocksRestarted: clocksRestarted, ReconcileFailures: failures });
  return report;
}).use(observed());

/** A deadline missed by more than the grace: apply the rule and/or write the missing accountability record. */
async function repairExpiry(c: CaseRecord): Promise<boolean> {
  const result = await settleIfExpired(c, 'system:reconciler');
  if (result.kind !== 'EXPIRED' || !(result.appliedNow || result.recordedNow)) return false;
  repaired(c, 'deadline passed without the clock applying the rule', {
    outcome: result.record.expiry?.outcome,
    appliedNow: result.appliedNow,
    recordedNow: result.recordedNow,
  });
  return true;
}

/** A clock owed a start for longer than the grace, with no execution recorded. */
async function repairStart(c: CaseRecord): Promise<boolean> {
  // Paused before its clock started: it keeps the marker, comes back to ACCEPTED on resume and is started then.
  if (c.status === 'SUSPENDED') return false;
  if (c.status !== 'ACCEPTED') {
    // Decided, expired or withdrawn meanwhile (an older write, or a stale index read): no clock will ever run.
    await dropClockStartMarker(c.id);
    return false;
  }
  const status = await clockStatus(c.id);
  if (status === undefined) {
    await setExecutionArn(c.id, await startClock(c.id));
    repaired(c, 'approval clock execution was missing; started it', {});
    return true;
  }
  // The execution exists: StartExecution succeeded but its ARN was never recorded. Record it (the case leaves the
  // index); executions that fail later raise the failed-executions alarm, and the deadline is still enforced above.
  await setExecutionArn(c.id, executionArnOf(c.id));
  if (status === 'RUNNING') {
    logger.info('clock start recorded', { caseId: c.id });
    return false;
  }
  // An execution that ended (FAILED/ABORTED/TIMED_OUT) while the case is still open cannot be restarted under
  // the same name; the deadline is still enforced here, by this reconciler, when it passes.
  logger.warn('clock ended early', {
    caseId: c.id,
    executionStatus: status,
    note: 'the reconciler enforces its deadline',
  });
  return false;
}

function repaired(c: CaseRecord, repair: string, extra: Record<string, unknown>): void {
  logger.warn('clock repaired', { caseId: c.id, departmentId: c.departmentId, deadline: c.deadline, repair, ...extra });
}
