import * as z from 'zod/mini';
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
 * The response schemas of the worklist area's routes (functions/http/routes/worklist.ts); shared.ts holds those
 * several areas use.
 */

export const Worklist = built(() =>
  named(
    z.strictObject({
      departmentId: z.string(),
      cases: z.array(
        z.strictObject({
          id: z.string(),
          status: CaseStatus,
          itemCode: z.string(),
          itemName: z.string(),
          applicant: z.string(),
          receivedAt: instant,
          deadline: nullable(instant),
          reviewDeadline: nullable(instant),
          supervisionDeadline: nullable(instant),
          light: nullable(Light),
          remainingWorkingDays: nullable(int),
          /** The case's project, and whether it is a green-channel one (first at equal urgency). */
          projectId: nullable(z.string()),
          greenChannel: z.boolean(),
        }),
      ),
      /**
       * Everything the department owes in one list, most urgent first: its cases (as above), the grievances assigned
       * to it in their handling or review stage (never who filed them), its bad reviews awaiting contact or
       * rectification. `remainingDays` counts in `unit` (grievances: calendar days).
       */
      entries: z.array(
        z.strictObject({
          /** VISIT_PROBLEM: a problem found on an inspection visit (id `<visit id>-P<n>`, caseId the visit's id). */
          /**
           * INSPECTION_APPROVAL: a law-enforcement inspection plan awaiting the head's approval; INSPECTION_RECORD: a
           * filed one to record once its planned date has come (id the inspection's; docs/enforcement.md).
           */
          kind: z.enum([
            'CASE',
            'GRIEVANCE',
            'RECTIFICATION',
            'VISIT_PROBLEM',
            'INSPECTION_APPROVAL',
            'INSPECTION_RECORD',
          ]),
          id: z.string(),
          status: z.string(),
          departmentId: z.string(),
          title: z.string(),
          itemName: nullable(z.string()),
          summary: nullable(z.string()),
          grievanceKind: nullable(z.enum(['COMPLAINT', 'REPORT', 'APPEAL'])),
          caseId: nullable(z.string()),
          stage: nullable(
            z.enum(['APPROVAL', 'INTAKE_REVIEW', 'HANDLE', 'CONTACT', 'RECTIFY', 'PLAN_APPROVAL', 'RECORD']),
          ),
          deadline: nullable(instant),
          deadlineDate: nullable(isoDate),
          unit: z.enum(['WORKING_DAYS', 'CALENDAR_DAYS']),
          light: nullable(Light),
          remainingDays: nullable(int),
          supervisionDeadline: nullable(instant),
          /** A green-channel project's case: first among entries of equal urgency. */
          greenChannel: z.boolean(),
        }),
      ),
    }),
    'Worklist',
  ),
);
