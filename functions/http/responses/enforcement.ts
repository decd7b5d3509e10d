import * as z from 'zod/mini';
import { Bilingual, instant, int, isoDate, named, nullable } from './shared.ts';

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
 * The response schemas of the enforcement area's routes (functions/http/routes/enforcement.ts); shared.ts holds those
 * several areas use.
 */

// ---- Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md) ----

const InspectionStatusEnum = built(() => z.enum(['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'FILED', 'DONE']));
const InspectorView = built(() => z.strictObject({ name: z.string(), certificateNo: nullable(z.string()) }));

export const Inspection = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      departmentId: z.string(),
      enterprise: z.strictObject({ name: z.string(), creditCode: z.string() }),
      purpose: z.string(),
      legalBasis: z.string(),
      plannedAt: instant,
      plannedDate: isoDate,
      inspectors: z.array(InspectorView),
      status: InspectionStatusEnum,
      statusName: Bilingual,
      plannedBy: z.string(),
      /** Over the yearly limit of inspections of the enterprise: planned with its cause, flagged to supervision. */
      overLimit: z.boolean(),
      cause: nullable(z.string()),
      approval: nullable(z.strictObject({ at: instant, by: z.string(), note: nullable(z.string()) })),
      rejection: nullable(z.strictObject({ at: instant, by: z.string(), reason: z.string() })),
      filing: nullable(z.strictObject({ at: instant, by: z.string(), note: nullable(z.string()) })),
      /** Issued by the filing (10 characters; shown as two groups of five). */
      verificationCode: nullable(z.string()),
      verificationCodeDisplay: nullable(z.string()),
      validFrom: nullable(isoDate),
      validUntil: nullable(isoDate),
      result: nullable(z.strictObject({ at: instant, by: z.string(), findings: z.string(), carriedOutAt: instant })),
      createdAt: instant,
      updatedAt: instant,
    }),
    'Inspection',
    'A law-enforcement inspection of an enterprise: planned, approved, filed (with its verification code), carried out',
  ),
);

export const InspectionDetail = built(() =>
  named(
    z.strictObject({
      ...Inspection.shape,
      timeline: z.array(
        z.strictObject({ at: instant, type: z.string(), by: z.string(), note: nullable(z.string()), hash: z.string() }),
      ),
      verification: z.strictObject({ valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
    }),
    'InspectionDetail',
    'An inspection with its hash-chained timeline, verified',
  ),
);

export const InspectionList = built(() =>
  named(
    z.strictObject({
      year: int,
      /** The deployment's yearly limit of inspections per enterprise (all departments together). */
      yearlyLimitPerEnterprise: int,
      inspections: z.array(Inspection),
    }),
    'InspectionList',
    "A year's inspections, newest plan first (supervision: every department's; staff: their department's)",
  ),
);

export const InspectionVerification = built(() =>
  named(
    z.strictObject({
      valid: z.boolean(),
      /** Why a code that was issued does not verify (absent for a code never issued: nothing is said of it). */
      reason: z.optional(z.enum(['NOT_YET_VALID', 'EXPIRED', 'CARRIED_OUT', 'NOT_FILED'])),
      reasonName: z.optional(Bilingual),
      code: z.optional(z.string()),
      departmentId: z.optional(z.string()),
      departmentName: z.optional(Bilingual),
      purpose: z.optional(z.string()),
      legalBasis: z.optional(z.string()),
      plannedAt: z.optional(instant),
      plannedDate: z.optional(isoDate),
      validFrom: z.optional(isoDate),
      validUntil: z.optional(isoDate),
      /** The last 4 characters of the credit code the plan names: the enterprise checks it is about itself. */
      creditCodeEndsWith: z.optional(z.string()),
      /** Who may be at the door: names and certificate numbers, nothing else of them. */
      inspectors: z.optional(z.array(InspectorView)),
    }),
    'InspectionVerification',
    'The enterprise checks a verification code at its door: valid, with the department, purpose, date and inspectors; an unknown code is just {valid: false}',
  ),
);
