import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { MAX_WAIT_DAYS, VISIT_ACTIONS, type VisitCheckpointOutput } from '../common/clock-contract.ts';
import { observed } from '../common/observability.ts';
import { problemOfClock, recordVisitFinding, settleVisitProblem } from '../common/visit-deadlines.ts';
import { dueNow, nextWake, policies } from '../domain/duty.ts';
import { toUtcWaitTimestamp } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getClock } from '../store/clocks.ts';
import { caseIdOf } from './input.ts';

const BY = 'system:visit-clock';

/**
 * A visit problem's rectification clock (VISIT_RECTIFY: functions/domain/duty.ts; docs/supervision.md). Before the
 * deadline: wait (a problem the supervisor flagged accountable has its record made sure of first: written after the
 * visit, and again here if a crash lost it). At it unreported: OVERDUE, escalated to supervision, on the register
 * (functions/common/visit-deadlines.ts), and the execution ends OVERDUE; reported in time: RECTIFIED. Idempotent.
 */
export const handler = middy(async (event: unknown): Promise<VisitCheckpointOutput> => {
  // The input's `caseId` is the problem's subject (`<visit id>-P<n>`), as every clock's subject is named.
  const caseId = caseIdOf(event);
  const clock = await getClock({ subject: caseId, duty: 'VISIT_RECTIFY' });
  if (!clock) throw new Error(`ClockNotFound: ${caseId} VISIT_RECTIFY`);
  const at = now();
  const due = dueNow(policies.VISIT_RECTIFY, clock, at, await currentCalendar());
  if (due.kind === 'WAIT') {
    const { visit, problem } = await problemOfClock(caseId);
    if (problem.accountable) await recordVisitFinding(visit, problem, visit.recordedAt, BY);
    return {
      caseId,
      action: VISIT_ACTIONS.wait,
      nextCheckpoint: toUtcWaitTimestamp(nextWake(due.until, at, MAX_WAIT_DAYS)),
      towards: due.towards,
    };
  }
  // DEADLINE, or DONE (reported, or overdue): settling is idempotent and makes sure of the record either way.
  const settled = await settleVisitProblem(clock, BY);
  if (settled.kind === 'NOT_DUE') throw new Error(`${caseId} VISIT_RECTIFY: deadline not reached yet; retrying`);
  if (settled.kind === 'OTHERWISE') {
    const { visit, problem } = await problemOfClock(caseId);
    if (problem.accountable) await recordVisitFinding(visit, problem, visit.recordedAt, BY);
    return { caseId, action: VISIT_ACTIONS.rectified };
  }
  return { caseId, action: VISIT_ACTIONS.overdue };
}).use(observed());
