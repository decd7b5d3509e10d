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
  for (const c of open) {
    const missed = new Date(clocked(c).deadlineAt).getTime() + REPAIR_GRACE_MS <= at.getTime();
    if (missed) {
      const result = await settleIfExpired(c, 'system:reconciler');
      if (result.kind === 'EXPIRED' && (result.appliedNow || result.recordedNow)) {
        expiriesRepaired++;
        repaired(c, 'deadline passed without the clock applying the rule', {
          outcome: result.record.expiry?.outcome,
          appliedNow: result.appliedNow,
          recordedNow: result.recordedNow,
        });
      }
      continue;
    }
    // Expired within the grace: the clock is finishing it (accountability record next).
    if (c.status !== 'ACCEPTED') continue;
    // A recorded execution ARN means StartExecution succeeded; executions that fail later raise the failed-executions
    // alarm, and their deadline is still enforced above. Only unrecorded ones cost a Step Functions call here.
    if (c.executionArn) continue;
    if (at.getTime() - new Date(c.createdAt).getTime() < START_GRACE_MS) continue;
    const status = await clockStatus(c.id);
    if (status === 'RUNNING') continue;
    if (status === undefined) {
      await setExecutionArn(c.id, await startClock(c.id));
      clocksRestarted++;
      repaired(c, 'approval clock execution was missing; started it', {});
    } else {
      // An execution that ended (FAILED/ABORTED/TIMED_OUT) while the case is still open cannot be restarted under
      // the same name; the deadline is still enforced here, by this reconciler, when it passes.
      logger.warn('clock ended early', {
        caseId: c.id,
        executionStatus: status,
        note: 'the reconciler enforces its deadline',
      });
    }
  }
  const report = { at: toShanghaiIso(at), openClocks: open.length, expiriesRepaired, clocksRestarted };
  logger.info('reconcile finished', { ...report });
  return report;
});

function repaired(c: CaseRecord, repair: string, extra: Record<string, unknown>): void {
  logger.warn('clock repaired', { caseId: c.id, departmentId: c.departmentId, deadline: c.deadline, repair, ...extra });
}
