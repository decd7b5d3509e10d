import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { MAX_WAIT_DAYS, RATING_ACTIONS, type RatingCheckpointOutput } from '../common/clock-contract.ts';
import { observed } from '../common/observability.ts';
import { escalateRatingStage, settleRatingStage } from '../common/rating-deadlines.ts';
import { dueNow, nextWake, policies } from '../domain/duty.ts';
import { toUtcWaitTimestamp } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getClock } from '../store/clocks.ts';
import { caseIdOf, ratingDutyOf } from './input.ts';

/**
 * A bad review's clocks (RATING_CONTACT, RATING_RECTIFY: functions/domain/duty.ts), one checkpoint for both: the
 * state machine says which. Before the deadline: wait. At the deadline with the stage undone: OVERDUE under
 * supervision (functions/common/rating-deadlines.ts), then wait for supervision's deadline; still undone then:
 * escalated, and the clock ends. Idempotent: every step re-reads the clock and the rating and acts under their
 * conditions.
 */
export const handler = middy(async (event: unknown): Promise<RatingCheckpointOutput> => {
  const caseId = caseIdOf(event);
  const duty = ratingDutyOf(event);
  const by = `system:${duty === 'RATING_CONTACT' ? 'rating-contact' : 'rating-rectify'}-clock`;
  for (let step = 0; step < 3; step++) {
    const clock = await getClock({ subject: caseId, duty });
    if (!clock) throw new Error(`ClockNotFound: ${caseId} ${duty}`);
    const at = now();
    const due = dueNow(policies[duty], clock, at, await currentCalendar());
    if (due.kind === 'WAIT') {
      return {
        caseId,
        action: RATING_ACTIONS.wait,
        nextCheckpoint: toUtcWaitTimestamp(nextWake(due.until, at, MAX_WAIT_DAYS)),
        towards: due.towards,
      };
    }
    if (due.kind === 'DONE') {
      return { caseId, action: clock.outcome === 'ESCALATED' ? RATING_ACTIONS.escalated : RATING_ACTIONS.handled };
    }
    if (due.kind === 'ESCALATE') {
      await escalateRatingStage(clock, by);
      continue; // re-read: ENDED either way (escalated here, or the stage was done and ended it)
    }
    // DEADLINE (a rating clock has no warning): overdue, or done meanwhile; then look again (supervision's wait).
    const settled = await settleRatingStage(clock, by);
    if (settled.kind === 'NOT_DUE') throw new Error(`${caseId} ${duty}: deadline not reached yet; retrying`);
    if (settled.kind === 'OTHERWISE') return { caseId, action: RATING_ACTIONS.handled };
  }
  throw new Error(`${caseId} ${duty}: the clock kept changing; retrying`);
}).use(observed());
