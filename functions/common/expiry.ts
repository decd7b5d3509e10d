import { accountabilityReasonFor, expiryOutcome, hasExpired } from '../domain/case.ts';
import { supervisionDeadline } from '../domain/lights.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { recordOnce } from '../store/accountability.ts';
import { currentCalendar } from '../store/calendar.ts';
import {
  applyExpiry,
  type CaseRecord,
  type ClockedCase,
  clocked,
  closeClock,
  getCase,
  type Supervision,
} from '../store/cases.ts';
import { now as clockNow } from './clock.ts';
import { logger } from './logger.ts';
import { EXPIRY_METRICS } from './metrics.ts';
import { metric } from './observability.ts';

export type ExpiryResult =
  | { readonly kind: 'NOT_DUE' }
  | { readonly kind: 'DECIDED'; readonly record: CaseRecord }
  | {
      readonly kind: 'EXPIRED';
      readonly record: CaseRecord;
      readonly appliedNow: boolean;
      readonly recordedNow: boolean;
    };

/** A stale read (the reconciler reads an eventually consistent index) costs one re-read; more means contention. */
const MAX_ATTEMPTS = 3;

/**
 * The one implementation of "the deadline passed": used by the clock's checkpoint at the deadline and by the
 * reconciler when a clock missed it. Idempotent: applies the rule by a conditional write if the case is still
 * ACCEPTED, then makes sure the accountability record exists and the open-clock marker is cleared — so a retry
 * after a crash between those writes finishes the job and never doubles it.
 */
export async function settleIfExpired(caseRecord: CaseRecord, by: string): Promise<ExpiryResult> {
  let current: ClockedCase = clocked(caseRecord);
  let appliedNow = false;
  const at = clockNow();
  for (let attempt = 1; current.status === 'ACCEPTED'; attempt++) {
    if (!hasExpired(new Date(current.deadlineAt), at)) return { kind: 'NOT_DUE' };
    if (attempt > MAX_ATTEMPTS) throw new Error(`case ${current.id}: expiry lost ${MAX_ATTEMPTS} races in a row`);
    const outcome = expiryOutcome(current);
    const supervision = outcome === 'OVERDUE' ? await supervisionOf(current, at) : undefined;
    const applied = await applyExpiry(
      current,
      { outcome, at: current.deadline, appliedAt: toShanghaiIso(at), appliedBy: by },
      {
        at: toShanghaiIso(at),
        type: outcome,
        by,
        note:
          outcome === 'DEEMED_APPROVED'
            ? '承诺时限届满未作决定，视为同意 Deemed approved: no decision by the deadline'
            : `承诺时限届满未作决定，已逾期，移送监察督办，须于 ${supervision?.deadlineDate} 前办结 Overdue: no decision by the deadline; supervision (督办) must see it closed by the end of ${supervision?.deadlineDate}`,
      },
      at.toISOString(),
      supervision,
    );
    appliedNow = applied !== undefined;
    const reread = applied ?? (await getCase(current.id));
    if (!reread) throw new Error(`case ${current.id} not found`);
    current = clocked(reread);
  }
  if (!current.expiry) {
    // Decided before the deadline (the decision won the race).
    return { kind: 'DECIDED', record: current };
  }
  let recordedNow = false;
  if (current.clockPending) {
    recordedNow = await recordOnce({
      caseId: current.id,
      reason: accountabilityReasonFor(current.expiry.outcome),
      departmentId: current.departmentId,
      itemCode: current.itemCode,
      handler: current.handler,
      leader: current.leader,
      at: current.expiry.at,
      deadline: current.deadline,
      recordedBy: by,
    });
    await closeClock(current.id);
  }
  if (appliedNow || recordedNow) {
    logger.info('expiry settled', { caseId: current.id, outcome: current.expiry.outcome, appliedNow, recordedNow, by });
  }
  if (appliedNow) metric(EXPIRY_METRICS[current.expiry.outcome]);
  return { kind: 'EXPIRED', record: current, appliedNow, recordedNow };
}

/** Supervision (督办) of a case that ran out of time now: it must be closed within 2 working days of its deadline. */
async function supervisionOf(c: ClockedCase, at: Date): Promise<Supervision> {
  const due = supervisionDeadline(await currentCalendar(), c.deadlineDate);
  return {
    since: toShanghaiIso(at),
    deadlineDate: due.date,
    deadline: toShanghaiIso(due.at),
    deadlineAt: due.at.toISOString(),
  };
}
