import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { INVESTIGATION_ACTIONS, type InvestigationCheckpointOutput, MAX_WAIT_DAYS } from '../common/clock-contract.ts';
import { settleInvestigation } from '../common/investigation-deadlines.ts';
import { observed } from '../common/observability.ts';
import { dueNow, nextWake, policies } from '../domain/duty.ts';
import { toUtcWaitTimestamp } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getClock } from '../store/clocks.ts';
import { caseIdOf } from './input.ts';

const BY = 'system:investigation-clock';

/**
 * An accountability record's investigation clock (INVESTIGATION: functions/domain/duty.ts; docs/supervision.md). Before
 * the limit: wait. At it with the record still INVESTIGATING: escalated to the centre's leadership
 * (functions/common/investigation-deadlines.ts) and the execution ends ESCALATED; decided or dismissed before then:
 * CONCLUDED. Idempotent: every step re-reads the clock and the record and acts under their conditions.
 */
export const handler = middy(async (event: unknown): Promise<InvestigationCheckpointOutput> => {
  // The input's `caseId` is the record's id (`<case id>.<reason>`), as every clock's subject is named.
  const caseId = caseIdOf(event);
  for (let step = 0; step < 3; step++) {
    const clock = await getClock({ subject: caseId, duty: 'INVESTIGATION' });
    if (!clock) throw new Error(`ClockNotFound: ${caseId} INVESTIGATION`);
    const at = now();
    const due = dueNow(policies.INVESTIGATION, clock, at, await currentCalendar());
    if (due.kind === 'WAIT') {
      return {
        caseId,
        action: INVESTIGATION_ACTIONS.wait,
        nextCheckpoint: toUtcWaitTimestamp(nextWake(due.until, at, MAX_WAIT_DAYS)),
        towards: due.towards,
      };
    }
    if (due.kind === 'DONE') {
      // OVERDUE (escalated, still owed a decision that no clock waits for) or ENDED (decided or dismissed).
      const escalated = clock.phase === 'OVERDUE' || clock.outcome?.endsWith('_LATE') === true;
      return { caseId, action: escalated ? INVESTIGATION_ACTIONS.escalated : INVESTIGATION_ACTIONS.concluded };
    }
    // DEADLINE (no warning, no supervision stage): escalated, or concluded meanwhile; then look again.
    const settled = await settleInvestigation(clock, BY);
    if (settled.kind === 'NOT_DUE') throw new Error(`${caseId} INVESTIGATION: deadline not reached yet; retrying`);
    if (settled.kind === 'OTHERWISE') return { caseId, action: INVESTIGATION_ACTIONS.concluded };
  }
  throw new Error(`${caseId} INVESTIGATION: the clock kept changing; retrying`);
}).use(observed());
