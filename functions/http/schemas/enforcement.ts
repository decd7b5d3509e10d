import * as z from 'zod/mini';
import { creditCodeProblem } from '../../domain/enforcement.ts';
import { isIsoDate, parseInstant } from '../../domain/time.ts';
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
 * The request schemas of the enforcement area's routes (functions/http/routes/enforcement.ts); shared.ts holds those
 * several areas use.
 */

// ---- Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md) ----

/** `EI<yyyymmdd>-<ULID>`: an inspection's id. */
export const InspectionIdPath = built(() =>
  z.object({
    id: z
      .string()
      .check(z.regex(/^EI\d{8}-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an inspection id such as EI20261102-01K…')),
  }),
);

const shortText = (what: string, max: number) =>
  z
    .string(says(`required: ${what}`))
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `at most ${max} characters`));

/** An inspector: a name, or `{name, certificateNo}` (the law-enforcement certificate shown at the door). */
const inspector = built(() =>
  z.union(
    [
      shortText('the inspector’s name', 50),
      z.strictObject({
        name: shortText('the inspector’s name', 50),
        certificateNo: z.optional(
          z
            .string()
            .check(
              z.trim(),
              z.regex(/^[A-Za-z0-9-]{1,30}$/, 'must be a certificate number (letters, digits or -, at most 30)'),
            ),
        ),
      }),
    ],
    says('must be a name or {name, certificateNo}'),
  ),
);

export const InspectionBody = built(() =>
  z.object({
    enterprise: z.object(
      {
        name: shortText('the enterprise’s name', 200),
        // Upper-cased as printed on the licence; its check character (GB 32100-2015) is checked by the domain.
        creditCode: z
          .pipe(
            z
              .string(says('required: the unified social credit code (统一社会信用代码, 18 characters)'))
              .check(z.trim()),
            z.transform((v) => v.toUpperCase()),
          )
          .check(
            z.superRefine((v, ctx) => {
              const problem = creditCodeProblem(v);
              if (problem) ctx.addIssue({ code: 'custom', message: problem });
            }),
          ),
      },
      says('required: {name, creditCode}'),
    ),
    purpose: shortText('the purpose of the inspection', 2000),
    legalBasis: shortText('the legal basis (the law and article)', 2000),
    /** An instant with its offset, or a date (that day, China time); checked against today by the handler. */
    plannedAt: z
      .string(says('required: when the inspection is planned (ISO 8601 with offset, or YYYY-MM-DD)'))
      .check(
        z.refine(
          (v) => isIsoDate(v) || parseInstant(v) !== undefined,
          'must be an ISO 8601 instant with offset or a date YYYY-MM-DD',
        ),
      ),
    inspectors: z
      .array(inspector, says('required: the inspectors [name or {name, certificateNo}]'))
      .check(z.minLength(1, 'at least 1 inspector'), z.maxLength(10, 'at most 10 inspectors')),
    /** Required when the enterprise already had the year's allowed inspections (the handler says so, naming it). */
    cause: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
    ),
  }),
);

export const InspectionNoteBody = built(() =>
  z.object({
    note: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
    ),
  }),
);

export const InspectionRejectBody = built(() => z.object({ reason: text2000('the reasons the plan is not approved') }));

export const InspectionRecordBody = built(() =>
  z.object({
    findings: text2000('what the inspection found'),
    carriedOutAt: z.optional(
      z.string().check(z.refine((v) => parseInstant(v) !== undefined, 'must be an ISO 8601 instant with offset')),
    ),
  }),
);

export const InspectionListQuery = built(() =>
  z.object({
    year: z.optional(fourDigitYear),
    /** A credit code (exact) or part of the enterprise's name. */
    enterprise: z.optional(
      z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'at most 200 characters')),
    ),
    departmentId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be a department id'))),
    status: z.optional(
      z.enum(
        ['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'FILED', 'DONE'],
        says('must be PENDING_APPROVAL, APPROVED, REJECTED, FILED or DONE'),
      ),
    ),
    overLimit: z.optional(z.enum(['true', 'false'], says('must be true or false'))),
  }),
);

export const InspectionVerifyQuery = built(() =>
  z.object({
    code: z
      .string(says('required: the verification code'))
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(40, 'at most 40 characters')),
  }),
);
