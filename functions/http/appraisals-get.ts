import { appraisalPolicy } from '../common/appraisal-policy.ts';
import { now } from '../common/clock.ts';
import { summarise } from '../domain/appraisal.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { ratingsOfYear } from '../store/appraisals.ts';
import { listDepartments } from '../store/catalog.ts';
import { aggregateView, criteriaView } from './appraisal-views.ts';
import { httpHandler } from './handler.ts';
import { appraisalsGetRoute } from './routes/appraisal.ts';

appraisalPolicy();

/**
 * Anyone (公开评议): the year's appraisal per department of the directory — how many rated it and of which kind,
 * and, from the policy's minimum number of ratings on, the average per criterion, the weighted total (0–100), the
 * rank among the departments shown and the grade; the same for its leader. Aggregates only: no rating, comment or
 * rater is ever in the answer.
 */
export const handler = httpHandler(appraisalsGetRoute, async ({ path }) => {
  const policy = appraisalPolicy();
  const [ratings, departments] = await Promise.all([ratingsOfYear(path.year), listDepartments()]);
  const directory = new Map(departments.map((d) => [d.id, d]));
  const active = departments.filter((d) => d.status === 'ACTIVE').map((d) => d.id);
  const rows = summarise(ratings, active, policy);
  const { criteria, window, minRatings } = criteriaView(path.year, policy, shanghaiDateOf(now()));
  return {
    status: 200,
    body: {
      year: path.year,
      window,
      minRatings,
      criteria,
      ratings: ratings.length,
      departments: rows.map((r) => {
        const d = directory.get(r.departmentId);
        return {
          departmentId: r.departmentId,
          name: d?.name ? { zh: d.name.zh, ...(d.name.en ? { en: d.name.en } : {}) } : null,
          leaderName: d?.leader?.name ?? null,
          rank: r.rank,
          department: aggregateView(r.department),
          leader: aggregateView(r.leader),
          byKind: { ...r.byKind },
        };
      }),
    },
  };
});
