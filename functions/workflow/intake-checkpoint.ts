import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { INTAKE_ACTIONS, type IntakeCheckpointOutput, MAX_WAIT_DAYS } from '../common/clock-contract.ts';
import { settleIntakeReview } from '../common/deadlines.ts';
import { observed } from '../common/observability.ts';
import { dueNow, nextWake, policies } from '../domain/duty.ts';
import { toUtcWaitTimestamp } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getClock } from '../store/clocks.ts';
import { caseIdOf } from './input.ts';

/**
 * The intake clock's checkpoint (the INTAKE_REVIEW policy, functions/domain/duty.ts). While the review period (5
 * working days) runs: wait. When it ends with no acceptance and no notice: the policy's consequence — the case counts
 * as accepted FROM RECEIPT (Art.32(4)) and its approval clock starts (functions/common/deadlines.ts). Idempotent: a
 * retry after the write only (re)starts the approval clock, which is itself idempotent by name.
 */
export const handler = middy(async (event: unknown): Promise<IntakeCheckpointOutput> => {
  const caseId = caseIdOf(event);
  const clock = await getClock({ subject: caseId, duty: 'INTAKE_REVIEW' });
  if (!clock) throw new Error(`ClockNotFound: ${caseId} INTAKE_REVIEW`);
  const at = now();
  const due = dueNow(policies.INTAKE_REVIEW, clock, at, await currentCalendar());
  if (due.kind === 'WAIT') {
    return {
      caseId,
      action: INTAKE_ACTIONS.wait,
      nextCheckpoint: toUtcWaitTimestamp(nextWake(due.until, at, MAX_WAIT_DAYS)),
    };
  }
  // Due, or ended (staff acted, or a retry after our own acceptance): settling says which, and finishes what is owed.
  const result = await settleIntakeReview(clock, 'system:intake-clock');
  if (result.kind === 'NOT_DUE') throw new Error(`case ${caseId}: review period not over yet; retrying`);
  return {
    caseId,
    action: result.kind === 'SETTLED' ? INTAKE_ACTIONS.deemedAccepted : INTAKE_ACTIONS.handled,
  };
}).use(observed());
