import type { LightColour } from '../components/Light.tsx';
import type { TimelineEvent } from './Timeline.tsx';

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

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export interface ActionAnswer {
  readonly action: string;
  readonly allowed: boolean;
  readonly reason?: Bilingual;
}

/** GET /v1/applications/{id} (functions/http/responses.ts CaseWithLight): the parts the staff pages show. */
export interface CaseDetail {
  readonly id: string;
  readonly status: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departmentId: string;
  readonly applicant: { readonly type: string; readonly name: string; readonly phone: string };
  readonly receivedAt: string;
  readonly materials: readonly { readonly id: string; readonly defect?: string }[];
  readonly acceptedOn: string | null;
  readonly workingDays: number;
  readonly deadlineDate: string | null;
  readonly deadline: string | null;
  readonly reviewDeadline: string | null;
  readonly pauses: readonly {
    readonly reason: string;
    readonly note?: string;
    readonly expectedWorkingDays: number;
    readonly from: string;
    readonly by: string;
    readonly to?: string;
    readonly workingDays?: number;
  }[];
  readonly extension: {
    readonly workingDays: number;
    readonly reason: string;
    readonly requestedBy: string;
    readonly requestedAt: string;
    readonly status: 'PENDING' | 'APPROVED';
    readonly approvedBy?: string;
    readonly approvedAt?: string;
  } | null;
  readonly notices: readonly { readonly number: string; readonly at: string; readonly missing: readonly string[] }[];
  readonly deemedConsentEligible: boolean;
  readonly handler: { readonly id: string; readonly name: string };
  readonly leader: { readonly id: string; readonly name: string };
  readonly decision: {
    readonly outcome: 'APPROVED' | 'REJECTED';
    readonly reason?: string;
    readonly by: string;
    readonly at: string;
    readonly late: boolean;
  } | null;
  readonly expiry: { readonly outcome: string; readonly at: string } | null;
  readonly supervision: { readonly deadline: string } | null;
  readonly redCardAt: string | null;
  readonly timeline: readonly TimelineEvent[];
  readonly light: LightColour | null;
  readonly remainingWorkingDays: number | null;
  readonly actions: readonly ActionAnswer[];
}

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
