import type { CaseAction, CaseWithLight } from '../case-types.ts';
import type { LightColour } from '../components/Light.tsx';

/** GET /v1/worklist (functions/http/responses.ts Worklist). */
export interface WorklistRow {
  readonly id: string;
  readonly status: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly applicant: string;
  readonly receivedAt: string;
  readonly deadline: string | null;
  readonly reviewDeadline: string | null;
  readonly supervisionDeadline: string | null;
  readonly light: LightColour | null;
  readonly remainingWorkingDays: number | null;
  /** The case's green-channel project, if any (first at equal urgency). */
  readonly projectId?: string | null;
  readonly greenChannel?: boolean;
}

/**
 * One line of the worklist's `entries`: a case, a grievance assigned to the department, or a bad review it must
 * contact and rectify, in one urgency order. `remainingDays` counts in `unit` (grievances: their own unit).
 */
export interface WorklistEntry {
  readonly kind: 'CASE' | 'GRIEVANCE' | 'RECTIFICATION' | 'VISIT_PROBLEM' | 'INSPECTION_APPROVAL' | 'INSPECTION_RECORD';
  readonly id: string;
  readonly status: string;
  readonly departmentId: string;
  readonly title: string;
  readonly itemName: string | null;
  readonly summary: string | null;
  readonly grievanceKind: 'COMPLAINT' | 'REPORT' | 'APPEAL' | null;
  readonly caseId: string | null;
  readonly stage:
    | 'APPROVAL'
    | 'INTAKE_REVIEW'
    | 'HANDLE'
    | 'REVIEW'
    | 'CONTACT'
    | 'RECTIFY'
    | 'PLAN_APPROVAL'
    | 'RECORD'
    | null;
  readonly deadline: string | null;
  readonly deadlineDate: string | null;
  readonly unit: 'WORKING_DAYS' | 'CALENDAR_DAYS';
  readonly light: LightColour | null;
  readonly remainingDays: number | null;
  readonly supervisionDeadline: string | null;
  /** A green-channel project's case: first among entries of equal urgency. */
  readonly greenChannel?: boolean;
}

export interface Worklist {
  readonly departmentId: string;
  readonly cases: readonly WorklistRow[];
  readonly entries: readonly WorklistEntry[];
}

/**
 * The limit a grievance's or a rectification's countdown runs to: supervision's deadline once overdue (a red card
 * when it passes), else the stage's deadline.
 */
export function entryLimit(e: WorklistEntry): { until: string | null; kind: 'deadline' | 'supervision' } {
  if (e.supervisionDeadline) return { until: e.supervisionDeadline, kind: 'supervision' };
  return { until: e.deadline, kind: 'deadline' };
}

/** GET /v1/applications/{id}: the staff pages show it with the actions. */
export type CaseDetail = CaseWithLight;
export type ActionAnswer = CaseAction;

/** The limit a case's countdown runs to: the review period, the deadline, or an overdue case's supervision. */
export function limitOf(c: {
  status: string;
  deadline: string | null;
  reviewDeadline: string | null;
  supervisionDeadline?: string | null;
  supervision?: { deadline: string } | null;
}): { until: string | null; kind: 'deadline' | 'review' | 'supervision' } {
  if (c.status === 'RECEIVED') return { until: c.reviewDeadline, kind: 'review' };
  if (c.status === 'OVERDUE')
    return { until: c.supervisionDeadline ?? c.supervision?.deadline ?? c.deadline, kind: 'supervision' };
  if (c.status === 'ACCEPTED') return { until: c.deadline, kind: 'deadline' };
  return { until: null, kind: 'deadline' };
}
