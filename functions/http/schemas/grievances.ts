import * as z from 'zod/mini';
import { policies } from '../../domain/duty.ts';
import { pageQuery, says, text2000 } from './shared.ts';

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
 * The request schemas of the grievances area's routes (functions/http/routes/grievances.ts); shared.ts holds those
 * several areas use.
 */

// ---- Grievances (issue 14) ----

/** `GV<yyyymmdd>-<ULID>`: a grievance's id. */
export const GrievanceIdPath = built(() =>
  z.object({
    id: z.string().check(z.regex(/^GV\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a grievance id such as GV20260304-01K…')),
  }),
);

export const GrievanceBody = built(() =>
  z.object({
    kind: z.enum(['COMPLAINT', 'REPORT', 'APPEAL'], says('must be COMPLAINT, REPORT or APPEAL')),
    departmentId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
    caseId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
    officer: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
    summary: z
      .string(says('required: what the grievance is about'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200)),
    detail: text2000('what happened'),
    anonymous: z.optional(z.boolean()),
    contact: z.optional(
      z.object({
        name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
        phone: z.optional(z.string().check(z.trim(), z.minLength(5), z.maxLength(30))),
      }),
    ),
  }),
);

export const GrievanceLookupQuery = built(() =>
  z.object({
    code: z
      .string(says('required: the query code given at filing'))
      .check(z.regex(/^[0-9A-Z]{12}$/, 'must be 12 letters or digits')),
  }),
);

/** GET /v1/grievances: a page, filtered by status and kind. */
export const GrievanceListQuery = built(() =>
  z.object({
    ...pageQuery(),
    status: z.optional(z.enum(['RECEIVED', 'ACCEPTED', 'REFERRED', 'ANSWERED', 'UNDER_REVIEW', 'CLOSED', 'OVERDUE'])),
    kind: z.optional(z.enum(['COMPLAINT', 'REPORT', 'APPEAL'])),
  }),
);

export const GrievanceAcceptBody = built(() =>
  z.object({
    assignTo: z
      .string(says('required: the department that handles it'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(64)),
  }),
);

export const GrievanceReferBody = built(() =>
  z.object({
    agency: z
      .string(says('required: the agency it is referred to'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200)),
    reason: text2000('why it is referred'),
  }),
);

export const GrievanceExtensionBody = built(() =>
  z.object({
    days: z
      .number(says('required: the days to add'))
      .check(
        z.int('must be a whole number'),
        z.gte(1),
        z.lte(
          Math.max(
            policies.GRIEVANCE_HANDLE.extensions?.defaultMaxDays ?? 30,
            policies.GRIEVANCE_REVIEW.extensions?.defaultMaxDays ?? 30,
          ),
        ),
      ),
    reason: text2000('the reason told to the complainant'),
  }),
);

export const GrievanceFindingsBody = built(() =>
  z.object({
    substantiated: z.boolean(says('required: whether the grievance is substantiated')),
    findings: text2000('the written findings'),
    actions: text2000('the actions taken'),
  }),
);

export const GrievanceReviewRequestBody = built(() =>
  z.object({
    reason: text2000('why a review is asked for'),
  }),
);

export const GrievanceReviewDecisionBody = built(() =>
  z.object({
    upheld: z.boolean(says('required: whether the answer before the review is upheld (维持)')),
    /** The finding the decision leaves; absent: the same when upheld, the other when not. */
    substantiated: z.optional(z.boolean()),
    findings: text2000('the written findings of the review'),
    actions: text2000('the actions taken'),
  }),
);
