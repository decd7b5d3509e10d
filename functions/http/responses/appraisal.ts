import * as z from 'zod/mini';
import { instant, int, isoDate, named, nullable, Text } from './shared.ts';

/**
 * Builds a schema when this module loads, like a plain constant, but marked free of side effects for esbuild: a Lambda
 * bundle that never names the schema drops it rather than building it at every cold start (issue 17 item 3). esbuild
 * honours the mark for calls in the same module only, hence one per module.
 */
/* @__NO_SIDE_EFFECTS__ */
function built<T>(make: () => T): T {
  return make();
}

/**
 * The response schemas of the appraisal area's routes (functions/http/routes/appraisal.ts); shared.ts holds those
 * several areas use.
 */

// ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----

export const OfficialActivity = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      departmentId: z.string(),
      registeredBy: z.string(),
      registeredRole: z.string(),
      registeredAt: instant,
      at: instant,
      purpose: z.string(),
      participants: z.array(z.string()),
      enterprise: nullable(z.strictObject({ name: nullable(z.string()), creditCode: nullable(z.string()) })),
      corrects: nullable(z.string()),
      note: nullable(z.string()),
    }),
    'OfficialActivity',
    'An official activity with an enterprise as registered (never changed: a correction is a new entry naming it)',
  ),
);

export const OfficialActivityList = built(() =>
  named(z.strictObject({ activities: z.array(OfficialActivity), next: nullable(z.string()) }), 'OfficialActivityList'),
);

const AppraisalCriterion = built(() =>
  named(z.strictObject({ code: z.string(), name: Text, description: Text, weight: int }), 'AppraisalCriterion'),
);

const AppraisalWindow = built(() =>
  named(
    z.strictObject({ opens: isoDate, closes: isoDate, state: z.enum(['NOT_OPEN', 'OPEN', 'CLOSED']) }),
    'AppraisalWindow',
  ),
);

export const AppraisalCriteria = built(() =>
  named(
    z.strictObject({
      year: int,
      window: AppraisalWindow,
      minRatings: int,
      scale: z.strictObject({ min: int, max: int, names: z.record(z.string(), Text) }),
      criteria: z.array(AppraisalCriterion),
      grades: z.array(z.strictObject({ grade: z.string(), name: Text, from: z.number() })),
    }),
    'AppraisalCriteria',
    "A year's appraisal criteria (评议标准), weights, scale, grades and window",
  ),
);

const AppraisalAggregate = built(() =>
  named(
    z.strictObject({
      ratings: int,
      /** False below the minimum number of ratings: only the count is published. */
      shown: z.boolean(),
      averages: nullable(z.record(z.string(), z.number())),
      weightedTotal: nullable(z.number()),
      grade: nullable(z.enum(['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'])),
      gradeName: nullable(Text),
    }),
    'AppraisalAggregate',
  ),
);

export const AppraisalSummary = built(() =>
  named(
    z.strictObject({
      year: int,
      window: AppraisalWindow,
      minRatings: int,
      criteria: z.array(AppraisalCriterion),
      ratings: int,
      departments: z.array(
        z.strictObject({
          departmentId: z.string(),
          name: nullable(Text),
          leaderName: nullable(z.string()),
          rank: nullable(int),
          department: AppraisalAggregate,
          leader: AppraisalAggregate,
          byKind: z.record(z.string(), int),
        }),
      ),
    }),
    'AppraisalSummary',
    "A year's appraisal per department: counts, averages per criterion, weighted total, rank and grade (aggregates only, from the minimum number of ratings; never who rated)",
  ),
);

export const AppraisalRating = built(() =>
  named(
    z.strictObject({
      year: int,
      departmentId: z.string(),
      kind: z.string(),
      scores: z.record(z.string(), int),
      weightedTotal: z.number(),
      leader: nullable(z.strictObject({ name: z.string() })),
      leaderScores: nullable(z.record(z.string(), int)),
      leaderWeightedTotal: nullable(z.number()),
      comment: nullable(z.string()),
      at: instant,
    }),
    'AppraisalRating',
    "A representative's own rating (their kind, never their account)",
  ),
);

export const AppraisalMyRatings = built(() =>
  named(z.strictObject({ year: int, ratings: z.array(AppraisalRating) }), 'AppraisalMyRatings'),
);
