import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { withRectification } from '../common/rating-deadlines.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { type ClockKey, clockChanged, clockEnds, getClock } from '../store/clocks.ts';
import { writeRating } from '../store/ratings.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { concurrentChange, ratingInReach, ratingView, rectificationOf } from './rating-access.ts';
import { ratingsContactRoute } from './routes/ratings.ts';

/**
 * The department's staff record that they contacted the applicant about a bad review (回访). In time, or late while
 * overdue (the lateness stays on record: `onTime` compares the instants); either ends the contact clock.
 */
export const handler = httpHandler(ratingsContactRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await ratingInReach(request, request.path.id);
  const rectification = rectificationOf(found);
  if (rectification.contactedAt) {
    throw problems.conflict(
      'already-contacted',
      `评价 ${found.id} 已回访申请人 Rating ${found.id}: the applicant was contacted already.`,
    );
  }
  const at = now();
  const atIso = toShanghaiIso(at);
  const late = at.getTime() > Date.parse(rectification.contactBy);
  const key: ClockKey = { subject: found.caseId, duty: 'RATING_CONTACT' };
  const clock = await getClock(key);
  const next = {
    ...rectification,
    contactedAt: atIso,
    contactedBy: identity.sub,
    ...(request.body.note ? { contactNote: request.body.note } : {}),
  };
  const written = await writeRating(
    found,
    withRectification(found, next),
    {
      at: atIso,
      type: 'RATING_CONTACTED',
      by: identity.sub,
      note: `${late ? '逾期回访 Contacted late' : '已回访 Contacted'}${request.body.note ? `: ${request.body.note}` : ''}`,
    },
    // The clock's phase as read: its checkpoint moving it meanwhile also moved the rating's head, so both fail.
    clock && clock.phase !== 'ENDED'
      ? [clockChanged(clockEnds(key, [clock.phase], late ? 'CONTACTED_LATE' : 'CONTACTED', atIso), atIso)]
      : [],
  );
  if (!written) throw concurrentChange(found.id);
  return { status: 200, body: ratingView(written) };
});
