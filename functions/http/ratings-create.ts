import { now } from '../common/clock.ts';
import { startClockOf } from '../common/clock-executions.ts';
import { problems } from '../common/problem.ts';
import { ratingOfCase } from '../common/ratings.ts';
import { type RatingLevel, ratableStatuses } from '../domain/rating.ts';
import { currentCalendar } from '../store/calendar.ts';
import { createRating } from '../store/ratings.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { ratingsCreateRoute } from './routes/ratings.ts';

/**
 * The applicant rates their closed case once (好差评). A bad review (1–2) starts its rectification: the contact clock
 * (1 working day) and the rectification clock (15), written with the rating in one transaction, then started.
 */
export const handler = httpHandler(ratingsCreateRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await caseInReach(request, id);
  if (!ratableStatuses.includes(found.status)) {
    throw problems.conflict(
      'case-not-closed',
      `案件 ${id} 当前状态为 ${found.status}：案件办结后方可评价 Case ${id} is ${found.status}: a case is rated once it is closed.`,
      {
        caseStatus: found.status,
      },
    );
  }
  const { rating, clocks } = ratingOfCase(
    found,
    { level: request.body.level as RatingLevel, comment: request.body.comment },
    identity.sub,
    now(),
    await currentCalendar(),
  );
  if (!(await createRating(rating, clocks))) {
    throw problems.conflict(
      'already-rated',
      `案件 ${id} 已评价，每件只能评价一次 Case ${id} is already rated: a case is rated once.`,
      {
        ratingId: rating.id,
      },
    );
  }
  for (const clock of clocks) await startClockOf({ subject: clock.subject, duty: clock.duty });
  return {
    status: 201,
    headers: { location: `/v1/ratings/${rating.id}` },
    body: {
      id: rating.id,
      level: rating.level,
      bad: rating.bad,
      ...(rating.rectification
        ? {
            rectification: {
              contactBy: rating.rectification.contactBy,
              rectifyBy: rating.rectification.rectifyBy,
              unit: 'WORKING_DAYS' as const,
            },
          }
        : {}),
    },
  };
});
