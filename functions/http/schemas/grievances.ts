import * as z from 'zod';
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
    id: z.string().regex(/^GV\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a grievance id such as GV20260304-01K…'),
  }),
);

export const GrievanceBody = built(() =>
  z.object({
    kind: z.enum(['COMPLAINT', 'REPORT', 'APPEAL'], says('must be COMPLAINT, REPORT or APPEAL')),
    departmentId: z.string().trim().min(1).max(64).optional(),
    caseId: z.string().trim().min(1).max(64).optional(),
    officer: z.string().trim().min(1).max(100).optional(),
    summary: z.string(says('required: what the grievance is about')).trim().min(1, 'must not be empty').max(200),
    detail: text2000('what happened'),
    anonymous: z.boolean().optional(),
    contact: z
      .object({
        name: z.string().trim().min(1).max(100).optional(),
        phone: z.string().trim().min(5).max(30).optional(),
      })
      .optional(),
  }),
);

export const GrievanceLookupQuery = built(() =>
  z.object({
    code: z
      .string(says('required: the query code given at filing'))
      .regex(/^[0-9A-Z]{12}$/, 'must be 12 letters or digits'),
  }),
);

/** GET /v1/grievances: a page, filtered by status and kind. */
export const GrievanceListQuery = built(() =>
  z.object({
    ...pageQuery(),
    status: z.enum(['RECEIVED', 'ACCEPTED', 'REFERRED', 'ANSWERED', 'UNDER_REVIEW', 'CLOSED', 'OVERDUE']).optional(),
    kind: z.enum(['COMPLAINT', 'REPORT', 'APPEAL']).optional(),
  }),
);

export const GrievanceAcceptBody = built(() =>
  z.object({
    assignTo: z.string(says('required: the department that handles it')).trim().min(1, 'must not be empty').max(64),
  }),
);

export const GrievanceReferBody = built(() =>
  z.object({
    agency: z.string(says('required: the agency it is referred to')).trim().min(1, 'must not be empty').max(200),
    reason: text2000('why it is referred'),
  }),
);

export const GrievanceExtensionBody = built(() =>
  z.object({
    days: z
      .number(says('required: the days to add'))
      .int('must be a whole number')
      .min(1)
      .max(
        Math.max(
          policies.GRIEVANCE_HANDLE.extensions?.defaultMaxDays ?? 30,
          policies.GRIEVANCE_REVIEW.extensions?.defaultMaxDays ?? 30,
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
    substantiated: z.boolean().optional(),
    findings: text2000('the written findings of the review'),
    actions: text2000('the actions taken'),
  }),
);
