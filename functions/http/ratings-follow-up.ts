import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { RATER_ACTOR, type RatingLevel, ratingLevels } from '../domain/rating.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { writeRating } from '../store/ratings.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { concurrentChange, ratingInReach, ratingView, rectificationOf } from './rating-access.ts';
import { ratingsFollowUpRoute } from './routes/ratings.ts';

/** The applicant's one follow-up rating, once the rectification is reported; the rectification closes. */
export const handler = httpHandler(ratingsFollowUpRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await ratingInReach(request, request.path.id);
  rectificationOf(found);
  if (found.followUp) {
    throw problems.conflict(
      'already-followed-up',
      `评价 ${found.id} 已再次评价，再次评价只有一次 Rating ${found.id}: the follow-up rating is given once.`,
    );
  }
  if (found.status !== 'RECTIFIED') {
    throw problems.conflict(
      'not-rectified',
      `评价 ${found.id} 当前状态为 ${found.status}：报告整改情况后方可再次评价 Rating ${found.id} is ${found.status}: the follow-up comes after the rectification is reported.`,
      { rectificationStatus: found.status },
    );
  }
  const atIso = toShanghaiIso(now());
  const level = request.body.level as RatingLevel;
  const written = await writeRating(
    found,
    { followUp: { level, at: atIso, by: identity.sub }, status: 'CLOSED' },
    {
      at: atIso,
      type: 'RATING_FOLLOWED_UP',
      by: RATER_ACTOR,
      note: `${ratingLevels[level].zh} ${ratingLevels[level].en}`,
    },
  );
  // Two follow-ups at once: both read no follow-up under the same head; one is applied, the other is told.
  if (!written) throw concurrentChange(found.id);
  return { status: 200, body: ratingView(written) };
});
