import * as z from 'zod/mini';
import { instant, int, isoDate, Light, named, nullable } from './shared.ts';

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
 * The response schemas of the ratings area's routes (functions/http/routes/ratings.ts); shared.ts holds those
 * several areas use.
 */

// ---- Satisfaction reviews (好差评) ----

const ratingLevel = built(() => z.int().check(z.gte(1), z.lte(5)));

const StageOverdue = built(() =>
  z.strictObject({
    at: instant,
    supervisionDeadline: instant,
    supervisionDeadlineDate: isoDate,
    escalatedAt: z.optional(instant),
  }),
);

export const RatingList = built(() =>
  named(
    z.strictObject({
      ratings: z.array(
        z.strictObject({
          id: z.string(),
          kind: z.literal('RATING'),
          caseId: z.string(),
          departmentId: z.string(),
          itemCode: z.string(),
          itemName: z.string(),
          level: z.int().check(z.gte(1), z.lte(5)),
          levelName: z.strictObject({ zh: z.string(), en: z.string() }),
          bad: z.boolean(),
          ratedAt: instant,
          /** The rectification's status (bad reviews only). */
          status: nullable(z.enum(['AWAITING_CONTACT', 'OVERDUE', 'CONTACTED', 'RECTIFIED', 'CLOSED', 'EXCLUDED'])),
          stage: nullable(z.enum(['CONTACT', 'RECTIFY'])),
          deadline: nullable(instant),
          deadlineDate: nullable(isoDate),
          light: nullable(Light),
          remainingDays: nullable(int),
          supervisionDeadline: nullable(instant),
          excluded: z.boolean(),
        }),
      ),
      next: nullable(z.string()),
    }),
    'RatingList',
    'Ratings newest first: bad reviews with the stage owed, its deadline and light',
  ),
);

export const Rating = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      caseId: z.string(),
      departmentId: z.string(),
      itemCode: z.string(),
      itemName: z.string(),
      level: ratingLevel,
      levelName: z.strictObject({ zh: z.string(), en: z.string() }),
      bad: z.boolean(),
      comment: nullable(z.string()),
      ratedAt: instant,
      rectification: nullable(
        z.strictObject({
          status: z.enum(['AWAITING_CONTACT', 'OVERDUE', 'CONTACTED', 'RECTIFIED', 'CLOSED', 'EXCLUDED']),
          contactBy: instant,
          contactByDate: isoDate,
          rectifyBy: instant,
          rectifyByDate: isoDate,
          contactedAt: nullable(instant),
          contactNote: nullable(z.string()),
          rectifiedAt: nullable(instant),
          actions: nullable(z.string()),
          contactOverdue: nullable(StageOverdue),
          rectifyOverdue: nullable(StageOverdue),
          onTime: z.boolean(),
          unit: z.literal('WORKING_DAYS'),
        }),
      ),
      followUp: nullable(z.strictObject({ level: ratingLevel, at: instant })),
      appeal: nullable(
        z.strictObject({
          reason: z.string(),
          at: instant,
          by: z.string(),
          decision: nullable(z.strictObject({ upheld: z.boolean(), reason: z.string(), at: instant, by: z.string() })),
        }),
      ),
      excluded: nullable(z.strictObject({ reason: z.string(), at: instant })),
      timeline: z.array(
        z.strictObject({
          at: instant,
          type: z.string(),
          by: z.string(),
          note: z.optional(z.string()),
          hash: z.string(),
        }),
      ),
      verification: z.strictObject({ valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
    }),
    'Rating',
    'A satisfaction review (好差评) and, for a bad one, its rectification',
  ),
);

export const RatingVerification = built(() =>
  named(
    z.strictObject({ id: z.string(), valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
    'RatingVerification',
    "A rating's hash chain re-computed from its first event to its stored head",
  ),
);

export const RatingCreated = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      level: ratingLevel,
      bad: z.boolean(),
      rectification: z.optional(
        z.strictObject({ contactBy: instant, rectifyBy: instant, unit: z.literal('WORKING_DAYS') }),
      ),
    }),
    'RatingCreated',
    'The rating; a bad one (1–2) with its rectification deadlines',
  ),
);

export const RatingSummary = built(() =>
  named(
    z.strictObject({
      period: z.string(),
      definition: z.string(),
      rows: z.array(
        z.strictObject({
          departmentId: z.string(),
          itemCode: z.string(),
          itemName: z.string(),
          total: int,
          levels: z.strictObject({ 1: int, 2: int, 3: int, 4: int, 5: int }),
          satisfactionRate: nullable(z.number()),
          badReviews: int,
          rectifiedOnTime: int,
          excluded: int,
        }),
      ),
    }),
    'RatingSummary',
    'A month of ratings per department and item (public)',
  ),
);
