import * as z from 'zod/mini';
import { pageQuery, says } from './shared.ts';

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
 * The request schemas of the ratings area's routes (functions/http/routes/ratings.ts); shared.ts holds those
 * several areas use.
 */

// ---- Satisfaction reviews (好差评, docs/rules.md §7) ----

/** A rating's id: `RT-` and the rated case's id. */
export const RatingIdPath = built(() =>
  z.object({
    id: z
      .string()
      .check(
        z.regex(
          /^RT-XN\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/,
          'must be a rating id such as RT-XN20260928-01K… (RT- and the case id)',
        ),
      ),
  }),
);

/** 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
const ratingLevel = built(() =>
  z
    .number(says('required: a level from 1 (非常不满意 very dissatisfied) to 5 (非常满意 very satisfied)'))
    .check(
      z.int('must be a whole number from 1 to 5'),
      z.gte(1, 'at least 1 (非常不满意 very dissatisfied)'),
      z.lte(5, 'at most 5 (非常满意 very satisfied)'),
    ),
);

export const RatingBody = built(() =>
  z.object({
    level: ratingLevel,
    comment: z.optional(z.string().check(z.trim(), z.maxLength(2000, 'at most 2000 characters'))),
  }),
);

export const FollowUpBody = built(() => z.object({ level: ratingLevel }));

export const ContactBody = built(() =>
  z.object({
    note: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
    ),
  }),
);

export const RectificationBody = built(() =>
  z.object({
    actions: z
      .string(says('required: what the department did to rectify it, told to the applicant'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(4000, 'at most 4000 characters')),
  }),
);

export const RatingAppealBody = built(() =>
  z.object({
    reason: z
      .string(says('required: why the review is mistaken or malicious'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
  }),
);

export const RatingAppealDecisionBody = built(() =>
  z.object({
    upheld: z.boolean(says('required: true (excluded from the statistics) or false (the review stands)')),
    reason: z
      .string(says('required: the reason, kept with the decision'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
  }),
);

/** GET /v1/ratings: a page, filtered by the rectification's status. */
export const RatingListQuery = built(() =>
  z.object({
    ...pageQuery(),
    status: z.optional(z.enum(['AWAITING_CONTACT', 'OVERDUE', 'CONTACTED', 'RECTIFIED', 'CLOSED', 'EXCLUDED'])),
  }),
);

export const RatingSummaryQuery = built(() =>
  z.object({
    period: z
      .string(says('required: a month YYYY-MM'))
      .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM (China-local)')),
  }),
);
