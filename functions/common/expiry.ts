import { accountabilityReasonFor, expiryOutcome } from '../domain/case.ts';
import { isDue, policies, supervisionDeadlineOf } from '../domain/duty.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { recordOnce } from '../store/accountability.ts';
import { currentCalendar } from '../store/calendar.ts';
import { applyExpiry, type CaseRecord, type ClockedCase, clocked, getCase, type Supervision } from '../store/cases.ts';
import { type ClockChange, type ClockRecord, clockEnds, closeClock, getClock } from '../store/clocks.ts';
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
 * The approval clock's consequence at the deadline (the APPROVAL policy: deemed consent for eligible items, overdue
 * under supervision for the others), used by the clock's checkpoint at the deadline and by the reconciler when a
 * clock missed it. Idempotent: applies the rule — case and clock in one transaction — if the case is still ACCEPTED,
 * then makes sure the accountability record exists and the clock leaves the open-clocks index, so a retry after a
 * crash between those writes finishes the job and never doubles it.
 */
export async function settleIfExpired(caseRecord: CaseRecord, by: string): Promise<ExpiryResult> {
  let current: ClockedCase = clocked(caseRecord);
  let appliedNow = false;
  const at = clockNow();
  for (let attempt = 1; current.status === 'ACCEPTED'; attempt++) {
    if (!isDue(new Date(current.deadlineAt), at)) return { kind: 'NOT_DUE' };
    if (attempt > MAX_ATTEMPTS) throw new Error(`case ${current.id}: expiry lost ${MAX_ATTEMPTS} races in a row`);
    const outcome = expiryOutcome(current);
    const supervision = outcome === 'OVERDUE' ? await supervisionOf(current, at) : undefined;
    const key = { subject: current.id, duty: 'APPROVAL' as const };
    // The clock stays on the open-clocks index (clockPending) until the accountability record is written below.
    const clock: ClockChange =
      outcome === 'DEEMED_APPROVED'
        ? clockEnds(key, ['RUNNING'], 'DEEMED_APPROVED', toShanghaiIso(at), true)
        : {
            key,
            from: ['RUNNING'],
            set: { phase: 'OVERDUE', supervision: supervision as Supervision },
            remove: ['clockStartPending'],
          };
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
      clock,
      supervision,
    );
    appliedNow = applied !== undefined;
    const reread = applied ?? (await getCase(current.id));
    if (!reread) throw new Error(`case ${current.id} not found`);
    current = clocked(reread);
  }
  if (!current.expiry) {
    // Decided (or withdrawn) before the deadline: the other side won the race.
    return { kind: 'DECIDED', record: current };
  }
  let recordedNow = false;
  const key = { subject: current.id, duty: 'APPROVAL' as const };
  const clock: ClockRecord | undefined = appliedNow ? undefined : await getClock(key);
  if (appliedNow || clock?.clockPending) {
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
    await closeClock(key);
  }
  if (appliedNow || recordedNow) {
    logger.info('expiry settled', { caseId: current.id, outcome: current.expiry.outcome, appliedNow, recordedNow, by });
  }
  if (appliedNow) metric(EXPIRY_METRICS[current.expiry.outcome]);
  return { kind: 'EXPIRED', record: current, appliedNow, recordedNow };
}

/** Supervision (督办) of a case that ran out of time now: the policy's working days after its deadline. */
async function supervisionOf(c: ClockedCase, at: Date): Promise<Supervision> {
  const due = supervisionDeadlineOf(policies.APPROVAL, await currentCalendar(), c.deadlineDate);
  if (!due) throw new Error('the approval policy has a supervision deadline');
  return {
    since: toShanghaiIso(at),
    deadlineDate: due.date,
    deadline: toShanghaiIso(due.at),
    deadlineAt: due.at.toISOString(),
  };
}
