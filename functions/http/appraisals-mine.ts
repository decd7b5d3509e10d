import { appraisalPolicy } from '../common/appraisal-policy.ts';
import { ratingsOfRater } from '../store/appraisals.ts';
import { ratingView } from './appraisal-views.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { appraisalsMineRoute } from './routes/appraisal.ts';

appraisalPolicy();

/** A representative's own ratings of the year: which departments they have rated, and how. */
export const handler = httpHandler(appraisalsMineRoute, async (request) => {
  const identity = requireIdentity(request);
  const policy = appraisalPolicy();
  const mine = await ratingsOfRater(request.path.year, identity.sub);
  return {
    status: 200,
    body: {
      year: request.path.year,
      ratings: mine.map((r) => ratingView(r, policy)).sort((a, b) => a.departmentId.localeCompare(b.departmentId)),
    },
  };
});
