import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { recordOnce } from '../store/accountability.ts';
import { clockChanged, clockEnds, clocksOf } from '../store/clocks.ts';
import { type RatingRecord, writeRating } from '../store/ratings.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { concurrentChange, ratingInReach, ratingView } from './rating-access.ts';
import { ratingsAppealDecideRoute } from './routes/ratings.ts';

/**
 * Supervision decides the department's appeal. Upheld: the review is excluded from the statistics with the reason,
 * and no rectification is owed (its open clocks end, `EXCLUDED`). Rejected: the review stands, upheld against the
 * department — an accountability record (`BAD_REVIEW`, keyed by the rating's id; docs/supervision.md).
 */
export const handler = httpHandler(ratingsAppealDecideRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await ratingInReach(request, request.path.id);
  if (!found.appeal)
    throw problems.conflict(
      'not-appealed',
      `评价 ${found.id} 没有待决定的申诉 Rating ${found.id} has no appeal to decide.`,
    );
  if (found.appeal.decision) {
    // A retry after a crash between the decision and its record finds the record owed and writes it (once).
    if (!found.appeal.decision.upheld) await recordBadReview(found, found.appeal.decision);
    throw problems.conflict(
      'appeal-decided',
      `评价 ${found.id} 的申诉已有决定 Rating ${found.id}: the appeal was decided already.`,
    );
  }
  const atIso = toShanghaiIso(now());
  const { upheld, reason } = request.body;
  const decision = { upheld, reason, at: atIso, by: identity.sub };
  const open = upheld
    ? (await clocksOf(found.caseId)).filter(
        (c) => (c.duty === 'RATING_CONTACT' || c.duty === 'RATING_RECTIFY') && c.phase !== 'ENDED',
      )
    : [];
  const written = await writeRating(
    found,
    {
      appeal: { ...found.appeal, decision },
      ...(upheld ? { excluded: { reason, at: atIso, by: identity.sub }, status: 'EXCLUDED' as const } : {}),
    },
    { at: atIso, type: upheld ? 'RATING_APPEAL_UPHELD' : 'RATING_APPEAL_REJECTED', by: identity.sub, note: reason },
    open.map((c) => clockChanged(clockEnds({ subject: c.subject, duty: c.duty }, [c.phase], 'EXCLUDED', atIso), atIso)),
  );
  if (!written) throw concurrentChange(found.id);
  if (!upheld) await recordBadReview(written, decision);
  return { status: 200, body: ratingView(written) };
});

/** The bad review upheld on appeal, on the register once (a conditional PutItem: a second call writes nothing). */
async function recordBadReview(r: RatingRecord, decision: { readonly at: string; readonly by: string }) {
  await recordOnce({
    caseId: r.id,
    reason: 'BAD_REVIEW',
    departmentId: r.departmentId,
    itemCode: r.itemCode,
    handler: r.handler,
    leader: r.leader,
    at: decision.at,
    deadline: r.rectification?.rectifyBy ?? decision.at,
    recordedBy: decision.by,
  });
}
