import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { writeRating } from '../store/ratings.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { concurrentChange, ratingInReach, ratingView, rectificationOf } from './rating-access.ts';
import { ratingsAppealRoute } from './routes/ratings.ts';

/**
 * The head of the rated department appeals a bad review as mistaken or malicious (申诉), once; supervision decides.
 * The rectification's clocks keep running meanwhile: an appeal is no reason to leave the applicant uncontacted.
 */
export const handler = httpHandler(ratingsAppealRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await ratingInReach(request, request.path.id);
  rectificationOf(found);
  if (found.appeal)
    throw problems.conflict(
      'already-appealed',
      `评价 ${found.id} 已申诉过，只能申诉一次 Rating ${found.id} was appealed already: once only.`,
    );
  const atIso = toShanghaiIso(now());
  const written = await writeRating(
    found,
    { appeal: { reason: request.body.reason, at: atIso, by: identity.sub } },
    { at: atIso, type: 'RATING_APPEALED', by: identity.sub, note: request.body.reason },
  );
  if (!written) throw concurrentChange(found.id);
  return { status: 200, body: ratingView(written) };
});
