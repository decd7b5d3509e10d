import middy from '@middy/core';
import { clockStatus, startClock } from '../common/approval-clock.ts';
import { now } from '../common/clock.ts';
import { settleIfExpired } from '../common/expiry.ts';
import { logger } from '../common/logger.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { allOpenClocks, type CaseRecord, clocked, setExecutionArn } from '../store/cases.ts';

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
  readonly openClocks: number;
  readonly expiriesRepaired: number;
  readonly clocksRestarted: number;
  /** Cases that could not be reconciled this run (logged at ERROR; the others went on). */
  readonly failures: number;
}

/**
 * The safety net under the approval clock (scheduled). Reads only open clocks (a sparse index, bounded by open
 * work), and repairs through the same rule the clock uses:
 *  - a case whose deadline passed (more than REPAIR_GRACE_MS ago) with no outcome, or whose accountability record
 *    is still missing → settle it;
 *  - an ACCEPTED case with no recorded execution (the API crashed or Step Functions failed after the case was
 *    written) → start it, named by the case id (idempotent if it did start after all).
 * Every repair is logged at WARN with the message "clock repaired" (an alarm counts them).
 */
export const handler = middy(async (): Promise<ReconcileReport> => {
  const at = now();
  const open = await allOpenClocks();
  let expiriesRepaired = 0;
  let clocksRestarted = 0;
  let failures = 0;
  for (const c of open) {
    try {
      const outcome = await reconcileOne(c, at);
      if (outcome === 'expiry') expiriesRepaired++;
      if (outcome === 'restart') clocksRestarted++;
    } catch (error) {
      // One bad case must not block the others (they would wait an hour more each time): log it and go on.
      failures++;
      logger.error('reconcile failed for a case', { caseId: c.id, error: error as Error });
    }
  }
  const report = { at: toShanghaiIso(at), openClocks: open.length, expiriesRepaired, clocksRestarted, failures };
  logger.info('reconcile finished', { ...report });
  return report;
});

async function reconcileOne(c: CaseRecord, at: Date): Promise<'expiry' | 'restart' | undefined> {
  const missed = new Date(clocked(c).deadlineAt).getTime() + REPAIR_GRACE_MS <= at.getTime();
  if (missed) {
    const result = await settleIfExpired(c, 'system:reconciler');
    if (result.kind !== 'EXPIRED' || !(result.appliedNow || result.recordedNow)) return undefined;
    repaired(c, 'deadline passed without the clock applying the rule', {
      outcome: result.record.expiry?.outcome,
      appliedNow: result.appliedNow,
      recordedNow: result.recordedNow,
    });
    return 'expiry';
  }
  // Expired within the grace: the clock is finishing it (accountability record next).
  if (c.status !== 'ACCEPTED') return undefined;
  // A recorded execution ARN means StartExecution succeeded; executions that fail later raise the failed-executions
  // alarm, and their deadline is still enforced above. Only unrecorded ones cost a Step Functions call here.
  if (c.executionArn) return undefined;
  if (at.getTime() - new Date(c.createdAt).getTime() < START_GRACE_MS) return undefined;
  const status = await clockStatus(c.id);
  if (status === 'RUNNING') return undefined;
  if (status === undefined) {
    await setExecutionArn(c.id, await startClock(c.id));
    repaired(c, 'approval clock execution was missing; started it', {});
    return 'restart';
  }
  // An execution that ended (FAILED/ABORTED/TIMED_OUT) while the case is still open cannot be restarted under
  // the same name; the deadline is still enforced here, by this reconciler, when it passes.
  logger.warn('clock ended early', {
    caseId: c.id,
    executionStatus: status,
    note: 'the reconciler enforces its deadline',
  });
  return undefined;
}

function repaired(c: CaseRecord, repair: string, extra: Record<string, unknown>): void {
  logger.warn('clock repaired', { caseId: c.id, departmentId: c.departmentId, deadline: c.deadline, repair, ...extra });
}
