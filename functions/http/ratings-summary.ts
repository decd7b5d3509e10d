import { summarize } from '../domain/rating.ts';
import { ratingsOfPeriod } from '../store/ratings.ts';
import { httpHandler } from './handler.ts';
import { ratingsSummaryRoute } from './routes/ratings.ts';

/** What the summary counts, said with every answer (docs/rules.md §7). */
const DEFINITION =
  '满意率 = (非常满意 + 满意 + 基本满意) / 评价总数；差评为不满意、非常不满意；按时整改 = 一个工作日内回访且十五个工作日内反馈整改；经监察认定排除的评价不计入。' +
  ' Satisfaction rate = levels 3–5 over all ratings counted; bad reviews are levels 1–2; rectified on time = contacted within 1 working day and the rectification reported within 15; ratings excluded by supervision are not counted.';

/** The public monthly summary (好差评 公开): per department and item, the month the ratings were given in. */
export const handler = httpHandler(ratingsSummaryRoute, async (request) => {
  const { period } = request.query;
  const rows = summarize(await ratingsOfPeriod(period));
  return { status: 200, body: { period, definition: DEFINITION, rows } };
});
