import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { GRIEVANCE_ACTIONS, type GrievanceCheckpointOutput, MAX_WAIT_DAYS } from '../common/clock-contract.ts';
import { redCardGrievance, settleGrievance } from '../common/grievance-deadlines.ts';
import { logger } from '../common/logger.ts';
import { observed } from '../common/observability.ts';
import { type Duty, dueNow, isDuty, nextWake, policyOf } from '../domain/duty.ts';
import { toUtcWaitTimestamp } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type ClockRecord, getClock } from '../store/clocks.ts';
import { caseIdOf } from './input.ts';

const BY = 'system:grievance-clock';

function dutyOf(event: unknown): Duty {
  const duty = (event as Record<string, unknown> | null)?.duty;
  if (!isDuty(duty) || !duty.startsWith('GRIEVANCE_')) {
    throw new TypeError('InvalidInput: duty must be one of the grievance duties');
  }
  return duty;
}

/**
 * The grievance clock's checkpoint: one state machine runs every stage of a grievance (accept, handle, review, the
 * review window); its input names the stage. Reads the clock, asks `dueNow`: wait; at the deadline the stage's
 * consequence (overdue under supervision, or closed: functions/common/grievance-deadlines.ts), then wait for
 * supervision's deadline; at that deadline, still owed → the red card. Safe to re-run: every write is conditional.
 */
export const handler = middy(async (event: unknown): Promise<GrievanceCheckpointOutput> => {
  const caseId = caseIdOf(event);
  const duty = dutyOf(event);
  let clock = await getClock({ subject: caseId, duty });
  if (!clock) throw new Error(`ClockNotFound: ${caseId} ${duty}`);
  const policy = policyOf(duty);
  const calendar = await currentCalendar();
  let due = dueNow(policy, clock, now(), calendar);
  let raised: GrievanceCheckpointOutput['raised'];
  if (due.kind === 'DEADLINE') {
    // The grievance consequence alone (not settleDue): this function holds no other duty's grants.
    const result = await settleGrievance(clock, BY);
    if (result.kind === 'NOT_DUE') throw new Error(`grievance ${caseId}: ${duty} not due yet; retrying`);
    if (result.kind === 'SETTLED' && result.appliedNow && result.outcome === 'OVERDUE') raised = 'OVERDUE';
    clock = (await getClock(clock)) as ClockRecord;
    due = dueNow(policy, clock, now(), calendar);
  }
  if (due.kind === 'ESCALATE') {
    if (await redCardGrievance(clock, BY)) logger.info('grievance red card raised', { grievanceId: caseId, duty });
    return { caseId, duty, action: GRIEVANCE_ACTIONS.redCard, raised: 'RED_CARD' };
  }
  if (due.kind === 'WAIT') {
    return {
      caseId,
      duty,
      action: GRIEVANCE_ACTIONS.wait,
      nextCheckpoint: toUtcWaitTimestamp(nextWake(due.until, now(), MAX_WAIT_DAYS)),
      towards: due.towards,
      ...(raised ? { raised } : {}),
    };
  }
  // DONE: the stage was done in time, the window closed, or a red card ended it.
  const ended = clock.outcome;
  return {
    caseId,
    duty,
    action:
      ended === 'RED_CARD'
        ? GRIEVANCE_ACTIONS.redCard
        : ended === 'CLOSED'
          ? GRIEVANCE_ACTIONS.closed
          : GRIEVANCE_ACTIONS.handled,
  };
}).use(observed());
