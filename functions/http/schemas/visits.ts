import * as z from 'zod/mini';
import { parseInstant } from '../../domain/time.ts';
import { fourDigitYear, says, text2000 } from './shared.ts';

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
 * The request schemas of the visits area's routes (functions/http/routes/visits.ts); shared.ts holds those
 * several areas use.
 */

// ---- Inspection visits (明察暗访, issue 16 item 3; docs/supervision.md) ----

/** `VS<yyyymmdd>-<ULID>`: a visit's id. */
export const VisitIdPath = built(() =>
  z.object({
    id: z.string().check(z.regex(/^VS\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a visit id such as VS20261204-01K…')),
  }),
);

export const VisitProblemPath = built(() =>
  z.extend(VisitIdPath, {
    pid: z.string().check(z.regex(/^P\d{1,3}$/, 'must be a problem id of the visit, such as P1')),
  }),
);

export const VisitBody = built(() =>
  z.object({
    departmentId: z
      .string(says('required: the department visited'))
      .check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id')),
    kind: z.enum(['OPEN', 'UNANNOUNCED'], says('required: OPEN (明察) or UNANNOUNCED (暗访)')),
    // Checked against the clock by the handler: a visit is recorded after it happened, never ahead of it.
    at: z.string(says('required: when the visit took place, an ISO 8601 instant with offset')).check(
      z.maxLength(40, 'too long'),
      z.refine((v) => parseInstant(v) !== undefined, {
        message: 'must be an ISO 8601 instant with offset, such as 2026-12-04T10:00:00+08:00',
      }),
    ),
    findings: text2000('what the visit found (the written findings)'),
    problems: z
      .array(
        z.object({
          description: text2000('the problem found, as the department must rectify it'),
          rectifyWithinWorkingDays: z
            .number(says('required: the working days the department has to rectify it (1–60)'))
            .check(
              z.int('must be a whole number of working days'),
              z.gte(1, 'at least 1 working day'),
              z.lte(60, 'at most 60 working days'),
            ),
          /** Put it on the accountability register at once (reason VISIT_FINDING). */
          accountable: z.optional(z.boolean(says('must be true or false'))),
        }),
        says('required: the problems found (an empty list when none)'),
      )
      .check(z.maxLength(20, 'at most 20 problems per visit')),
  }),
);

export const VisitRectificationBody = built(() =>
  z.object({
    actions: z
      .string(says('required: what the department did to rectify the problem'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(4000, 'at most 4000 characters')),
  }),
);

export const VisitListQuery = built(() =>
  z.object({
    year: z.optional(fourDigitYear),
    departmentId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id'))),
  }),
);
