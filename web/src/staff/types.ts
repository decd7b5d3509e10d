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
}

export interface Worklist {
  readonly departmentId: string;
  readonly cases: readonly WorklistRow[];
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
