import * as z from 'zod/mini';
import { Bilingual, instant, int, isoDate, Light, named, nullable } from './shared.ts';

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
 * The response schemas of the visits area's routes (functions/http/routes/visits.ts); shared.ts holds those
 * several areas use.
 */

// ---- Inspection visits (明察暗访, issue 16 item 3; docs/supervision.md) ----

const VisitProblem = built(() =>
  named(
    z.strictObject({
      id: z.string(),
      /** `<visit id>-<problem id>`: the subject of its clock and of its accountability record. */
      subject: z.string(),
      description: z.string(),
      status: z.enum(['AWAITING_RECTIFICATION', 'RECTIFIED', 'RECTIFIED_LATE', 'OVERDUE']),
      workingDays: int,
      /** The rectification deadline: the end of its last working day (docs/rules.md §3). */
      rectifyBy: instant,
      rectifyByDate: isoDate,
      /** While owed: GREEN, YELLOW, RED (overdue); null once reported. */
      light: nullable(Light),
      /** Working days left through the deadline date while owed; 0 once passed; null once reported. */
      remainingWorkingDays: nullable(int),
      accountable: z.boolean(),
      /** The accountability record's id once it is on the register (flagged, or overdue). */
      accountabilityId: nullable(z.string()),
      overdueAt: nullable(instant),
      rectification: nullable(z.strictObject({ at: instant, by: z.string(), actions: z.string(), late: z.boolean() })),
    }),
    'VisitProblem',
    'A problem found on an inspection visit and its rectification',
  ),
);

const VisitSummary = built(() => ({
  id: z.string(),
  departmentId: z.string(),
  kind: z.enum(['OPEN', 'UNANNOUNCED']),
  kindName: Bilingual,
  at: instant,
  findings: z.string(),
  recordedAt: instant,
  recordedBy: z.string(),
  problems: z.array(VisitProblem),
}));

export const Visit = built(() =>
  named(
    z.strictObject({
      ...VisitSummary,
      timeline: z.array(
        z.strictObject({ at: instant, type: z.string(), by: z.string(), note: nullable(z.string()), hash: z.string() }),
      ),
      verification: z.strictObject({ valid: z.boolean(), events: int, firstBrokenAt: nullable(int) }),
    }),
    'Visit',
    'An inspection visit (明察暗访) with its problems, their lights, and its hash-chained timeline, verified',
  ),
);

export const Visits = built(() =>
  named(
    z.strictObject({ year: z.nullable(z.string()), visits: z.array(z.strictObject(VisitSummary)) }),
    'Visits',
    'Inspection visits, newest first',
  ),
);
