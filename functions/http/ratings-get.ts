import { httpHandler } from './handler.ts';
import { ratingInReach, ratingView } from './rating-access.ts';
import { ratingsGetRoute } from './routes/ratings.ts';

/** A rating with its rectification and its verified timeline: the applicant, the department's staff, supervisors. */
export const handler = httpHandler(ratingsGetRoute, async (request) => ({
  status: 200,
  body: ratingView(await ratingInReach(request, request.path.id)),
}));
