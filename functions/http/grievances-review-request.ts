import { problems } from '../common/problem.ts';
import { COMPLAINANT_ACTOR, GRIEVANCE_LIMITS, GRIEVANCE_REVIEW_ROUNDS, type ReviewRound } from '../domain/grievance.ts';
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
import { grievancesReviewRequestRoute } from './routes/grievances.ts';

/**
 * The complainant asks for a review within its period: after the answer, the review (复查); after the review's
 * answer, the re-review (复核). The period's clock ends, the review's clock (30 days) starts. The re-review's answer is
 * final: a third request is refused (409).
 */
export const handler = httpHandler(grievancesReviewRequestRoute, async (request) => {
  requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  if ((found.reviewRound ?? 0) >= GRIEVANCE_REVIEW_ROUNDS) {
    throw problems.conflict(
      'no-further-review',
      `投诉举报 ${found.id} 已经复查和复核，复核意见为最终意见 Grievance ${found.id} had its review and its re-review: the re-review's answer is final.`,
      { grievanceStatus: found.status },
    );
  }
  if (found.status !== 'ANSWERED') throw changedMeanwhile(found.id);
  const round = ((found.reviewRound ?? 0) + 1) as ReviewRound;
  const rereview = round === 2;
  const { at, when } = nowIso();
  const { clock, deadline } = stageClock(
    await currentCalendar(),
    rereview ? 'GRIEVANCE_REREVIEW' : 'GRIEVANCE_REVIEW',
    found.id,
    GRIEVANCE_LIMITS.review,
    at,
    found.unit,
  );
  const after = await writeGrievance(
    found,
    {
      at: when,
      type: rereview ? 'GRIEVANCE_REREVIEW_REQUESTED' : 'GRIEVANCE_REVIEW_REQUESTED',
      by: COMPLAINANT_ACTOR,
      note: request.body.reason,
    },
    { reviewRequest: { reason: request.body.reason, at: when, round }, reviewRound: round, reviewBy: deadline },
    {
      created: [clock],
      changes: [
        clockEnds(
          { subject: found.id, duty: rereview ? 'GRIEVANCE_REREVIEW_WINDOW' : 'GRIEVANCE_REVIEW_WINDOW' },
          ['RUNNING'],
          'REVIEW_REQUESTED',
          when,
        ),
      ],
    },
    // Request vs the window's close: the request only while the window is ahead, the close only once it passed.
    { attribute: 'reviewWindowBy', before: at.toISOString() },
  );
  if (!after) throw changedMeanwhile(found.id);
  await startStage(found.id, rereview ? 'GRIEVANCE_REREVIEW' : 'GRIEVANCE_REVIEW');
  return { status: 200, body: grievanceView(after, 'COMPLAINANT') };
});
