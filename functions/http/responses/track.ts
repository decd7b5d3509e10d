import * as z from 'zod/mini';
import { decisionOutcomes } from '../../domain/case.ts';
import { CaseStatus, instant, int, isoDate, Light, named, nullable } from './shared.ts';

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
 * The response schemas of the track area's routes (functions/http/routes/track.ts); shared.ts holds those
 * several areas use.
 */

/**
 * track.ts `trackView`: the public tracker's view of a case (办件查询) — where it stands and when, for anyone with its
 * id and the phone given. No person: no applicant, phone or identity number, no handler or leader, no `by`, no notes
 * or reasons (they may name people).
 */
export const Track = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      itemCode: z.string(),
      itemName: z.string(),
      departmentId: z.string(),
      status: CaseStatus,
      light: nullable(Light),
      remainingWorkingDays: nullable(int),
      receivedAt: instant,
      acceptedOn: nullable(isoDate),
      workingDays: int,
      deadlineDate: nullable(isoDate),
      deadline: nullable(instant),
      decision: nullable(z.strictObject({ outcome: z.enum(decisionOutcomes), at: instant })),
      expiry: nullable(z.strictObject({ outcome: z.enum(['DEEMED_APPROVED', 'OVERDUE']), at: instant })),
      withdrawnAt: nullable(instant),
      timeline: z.array(z.strictObject({ type: z.string(), at: instant })),
    }),
    'Track',
    'A case as the public tracker shows it: item, department, status, light, dates and the timeline’s steps — no person',
  ),
);
