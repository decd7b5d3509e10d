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
 * The response schemas of the grievances area's routes (functions/http/routes/grievances.ts); shared.ts holds those
 * several areas use.
 */

// ---- Grievances (issue 14) ----

const StageDeadline = built(() => z.strictObject({ deadlineDate: isoDate, deadline: instant, deadlineAt: instant }));

/** A grievance as its viewer may see it: the department's staff never get who filed it (informer protection). */
export const Grievance = built(() =>
  named(
    z.looseObject({
      id: z.string(),
      kind: z.enum(['COMPLAINT', 'REPORT', 'APPEAL']),
      status: z.enum(['RECEIVED', 'ACCEPTED', 'REFERRED', 'ANSWERED', 'UNDER_REVIEW', 'CLOSED', 'OVERDUE']),
      unit: z.enum(['CALENDAR_DAYS', 'WORKING_DAYS']),
      acceptBy: instant,
      handleBy: z.optional(instant),
      reviewWindowBy: z.optional(instant),
      /** The review round reached (1 the review 复查, 2 the re-review 复核) and its deadline. */
      reviewRound: z.optional(z.union([z.literal(1), z.literal(2)])),
      reviewBy: z.optional(instant),
      reviewDecisions: z.optional(
        z.array(
          z.looseObject({
            round: z.union([z.literal(1), z.literal(2)]),
            upheld: z.boolean(),
            substantiated: z.boolean(),
            findings: z.string(),
            actions: z.string(),
            at: instant,
            late: z.boolean(),
          }),
        ),
      ),
      overdueStage: z.optional(z.enum(['ACCEPT', 'HANDLE', 'REVIEW', 'REREVIEW'])),
      supervision: z.optional(z.extend(StageDeadline, { since: instant })),
      queryCode: z.optional(z.string()),
      timeline: z.array(z.looseObject({ at: instant, type: z.string(), by: z.string(), hash: z.string() })),
    }),
    'Grievance',
  ),
);

export const GrievanceVerification = built(() =>
  named(
    z.looseObject({ id: z.string(), valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
    'GrievanceVerification',
  ),
);

/** functions/http/rating-views.ts `ratingView`. */
const GrievanceKindEnum = built(() => z.enum(['COMPLAINT', 'REPORT', 'APPEAL']));

export const GrievanceList = built(() =>
  named(
    z.strictObject({
      grievances: z.array(
        z.strictObject({
          id: z.string(),
          kind: GrievanceKindEnum,
          status: z.enum(['RECEIVED', 'ACCEPTED', 'REFERRED', 'ANSWERED', 'UNDER_REVIEW', 'CLOSED', 'OVERDUE']),
          departmentId: nullable(z.string()),
          summary: z.string(),
          caseId: nullable(z.string()),
          anonymous: z.boolean(),
          createdAt: instant,
          /** The stage it waits on (ACCEPT: supervision's; HANDLE, REVIEW: the department's); null when none. */
          stage: nullable(z.enum(['ACCEPT', 'HANDLE', 'REVIEW', 'REREVIEW'])),
          deadline: nullable(instant),
          deadlineDate: nullable(isoDate),
          unit: z.enum(['CALENDAR_DAYS', 'WORKING_DAYS']),
          light: nullable(Light),
          remainingDays: nullable(int),
          supervisionDeadline: nullable(instant),
          substantiated: nullable(z.boolean()),
        }),
      ),
      next: nullable(z.string()),
    }),
    'GrievanceList',
    'Grievances newest first, each with its stage, deadline and light; never who filed them',
  ),
);
