import { problems } from '../common/problem.ts';
import { GRIEVANCE_LIMITS, grievanceStageNames, reviewStageOf } from '../domain/grievance.ts';
import { currentCalendar } from '../store/calendar.ts';
import { clockEnds, getClock } from '../store/clocks.ts';
import { type ReviewDecision, writeGrievance } from '../store/grievances.ts';
import {
  changedMeanwhile,
  grievanceInReach,
  grievanceView,
  nowIso,
  recordComplaint,
  stageClock,
  startStage,
} from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { grievancesReviewDecisionRoute } from './routes/grievances.ts';

/**
 * Supervision answers the review (复查) or the re-review (复核) in writing: whether the answer before it is upheld,
 * the findings and the actions taken (both required). After the review the grievance is ANSWERED again and the
 * complainant has 30 days to ask for the re-review (its window's clock starts); the re-review's answer is final: the
 * grievance is CLOSED. A decision that finds the grievance substantiated puts the department on record (COMPLAINT)
 * if the answer had not. Also late, on a review overdue under supervision.
 */
export const handler = httpHandler(grievancesReviewDecisionRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  const round = found.reviewRound;
  const stage = round ? reviewStageOf(round) : undefined;
  const late = found.status === 'OVERDUE';
  if (!round || !stage || !(found.status === 'UNDER_REVIEW' || (late && found.overdueStage === stage))) {
    throw changedMeanwhile(found.id);
  }
  const { upheld, findings, actions } = request.body;
  const before = found.reviewDecisions?.at(-1)?.substantiated ?? found.findings?.substantiated ?? false;
  if (upheld && request.body.substantiated !== undefined && request.body.substantiated !== before) {
    throw problems.invalid([
      {
        field: 'body.substantiated',
        reason: `维持原处理意见的，须保持原认定（${before ? '属实' : '不属实'}） an upheld decision keeps the finding before it (${before ? 'substantiated' : 'not substantiated'})`,
      },
    ]);
  }
  const substantiated = request.body.substantiated ?? (upheld ? before : !before);
  const { at, when } = nowIso();
  const rereview = round === 2;
  const name = grievanceStageNames[stage];
  const decision: ReviewDecision = {
    round,
    upheld,
    substantiated,
    findings,
    actions,
    by: identity.sub,
    at: when,
    late,
  };
  // After the review: the period to ask for the re-review (30 days); after the re-review nothing more is owed.
  const window = rereview
    ? undefined
    : stageClock(
        await currentCalendar(),
        'GRIEVANCE_REREVIEW_WINDOW',
        found.id,
        GRIEVANCE_LIMITS.reviewWindow,
        at,
        found.unit,
      );
  const key = { subject: found.id, duty: rereview ? ('GRIEVANCE_REREVIEW' as const) : ('GRIEVANCE_REVIEW' as const) };
  const reviewing = await getClock(key);
  // Decision vs the review's deadline: both move UNDER_REVIEW at the head read (writeGrievance's condition); the one
  // DynamoDB applies first wins, and a decision that lost to the overdue write is refused and, re-read, written late.
  const after = await writeGrievance(
    found,
    {
      at: when,
      type: rereview ? 'GRIEVANCE_REREVIEW_DECIDED' : 'GRIEVANCE_REVIEW_DECIDED',
      by: identity.sub,
      note: `${name.zh}意见：${upheld ? '维持' : '撤销（变更）'}原处理意见，${substantiated ? '属实' : '不属实'}${late ? '（逾期）' : ''} The ${name.en}: ${upheld ? 'upheld' : 'overturned'}, ${substantiated ? 'substantiated' : 'not substantiated'}${late ? ' (late)' : ''}`,
    },
    {
      reviewDecisions: [...(found.reviewDecisions ?? []), decision],
      ...(window ? { reviewWindowBy: window.deadline } : {}),
    },
    {
      created: window ? [window.clock] : [],
      // A red card already ended the review's clock: it keeps its outcome.
      changes:
        reviewing && reviewing.phase !== 'ENDED'
          ? [clockEnds(key, ['RUNNING', 'OVERDUE'], late ? 'DECIDED_LATE' : 'DECIDED', when)]
          : [],
    },
  );
  if (!after) throw changedMeanwhile(found.id);
  if (substantiated) await recordComplaint(found, identity.sub, when);
  if (window) await startStage(found.id, 'GRIEVANCE_REREVIEW_WINDOW');
  return { status: 200, body: grievanceView(after, 'SUPERVISOR') };
});
