import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { withRectification } from '../common/rating-deadlines.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { type ClockKey, clockChanged, clockEnds, getClock } from '../store/clocks.ts';
import { writeRating } from '../store/ratings.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { concurrentChange, ratingInReach, ratingView, rectificationOf } from './rating-access.ts';
import { ratingsRectificationRoute } from './routes/ratings.ts';

/**
 * The department reports its rectification of a bad review (整改反馈), after contacting the applicant; it ends the
 * rectification clock, and the applicant may rate once more.
 */
export const handler = httpHandler(ratingsRectificationRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await ratingInReach(request, request.path.id);
  const rectification = rectificationOf(found);
  if (!rectification.contactedAt) {
    throw problems.conflict(
      'not-contacted',
      `评价 ${found.id}：须先回访申请人，再报告整改情况 Rating ${found.id}: contact the applicant before reporting the rectification.`,
    );
  }
  if (rectification.rectifiedAt) {
    throw problems.conflict(
      'already-rectified',
      `评价 ${found.id} 的整改情况已报告 Rating ${found.id}: the rectification was reported already.`,
    );
  }
  const at = now();
  const atIso = toShanghaiIso(at);
  const late = at.getTime() > Date.parse(rectification.rectifyBy);
  const key: ClockKey = { subject: found.caseId, duty: 'RATING_RECTIFY' };
  const clock = await getClock(key);
  const next = { ...rectification, rectifiedAt: atIso, rectifiedBy: identity.sub, actions: request.body.actions };
  const written = await writeRating(
    found,
    withRectification(found, next),
    {
      at: atIso,
      type: 'RATING_RECTIFIED',
      by: identity.sub,
      note: `${late ? '逾期整改 Rectified late' : '已整改 Rectified'}: ${request.body.actions}`,
    },
    clock && clock.phase !== 'ENDED'
      ? [clockChanged(clockEnds(key, [clock.phase], late ? 'RECTIFIED_LATE' : 'RECTIFIED', atIso), atIso)]
      : [],
  );
  if (!written) throw concurrentChange(found.id);
  return { status: 200, body: ratingView(written) };
});
