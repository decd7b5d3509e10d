import { COMPLAINANT_ACTOR, GRIEVANCE_LIMITS } from '../domain/grievance.ts';
import { currentCalendar } from '../store/calendar.ts';
import { clockEnds } from '../store/clocks.ts';
import { writeGrievance } from '../store/grievances.ts';
import {
  changedMeanwhile,
  grievanceInReach,
  grievanceView,
  nowIso,
  stageClock,
  startStage,
} from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';

/** The complainant asks for a review within the review period: the window closes, the review clock (30 days) starts. */
export const handler = httpHandler('grievancesReviewRequest', async (request) => {
  requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  if (found.status !== 'ANSWERED') throw changedMeanwhile(found.id);
  const { at, when } = nowIso();
  const { clock, deadline } = stageClock(
    await currentCalendar(),
    'GRIEVANCE_REVIEW',
    found.id,
    GRIEVANCE_LIMITS.review,
    at,
  );
  const after = await writeGrievance(
    found,
    { at: when, type: 'GRIEVANCE_REVIEW_REQUESTED', by: COMPLAINANT_ACTOR, note: request.body.reason },
    { reviewRequest: { reason: request.body.reason, at: when }, reviewBy: deadline },
    {
      created: [clock],
      changes: [
        clockEnds({ subject: found.id, duty: 'GRIEVANCE_REVIEW_WINDOW' }, ['RUNNING'], 'REVIEW_REQUESTED', when),
      ],
    },
    // Request vs the window's close: the request only while the window is ahead, the close only once it passed.
    { attribute: 'reviewWindowBy', before: at.toISOString() },
  );
  if (!after) throw changedMeanwhile(found.id);
  await startStage(found.id, 'GRIEVANCE_REVIEW');
  return { status: 200, body: grievanceView(after, 'COMPLAINANT') };
});
