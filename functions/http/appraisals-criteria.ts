import { appraisalPolicy } from '../common/appraisal-policy.ts';
import { now } from '../common/clock.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { criteriaView } from './appraisal-views.ts';
import { httpHandler } from './handler.ts';
import { appraisalsCriteriaRoute } from './routes/appraisal.ts';

// The deployment's policy, checked at the cold start: a bad APPRAISAL_POLICY fails the function's start, named.
appraisalPolicy();

/** Anyone: the year's published criteria (评议标准) with their descriptions and weights, the scale, grades and window. */
export const handler = httpHandler(appraisalsCriteriaRoute, async ({ path }) => ({
  status: 200,
  body: criteriaView(path.year, appraisalPolicy(), shanghaiDateOf(now())),
}));
