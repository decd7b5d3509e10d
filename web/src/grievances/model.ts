import { ApiProblem } from '../api.ts';
import { formatDate } from '../applicant/format.ts';
import { chinaDate } from '../charts/periods.ts';
import type { LightColour } from '../components/Light.tsx';

/**
 * The API's answers as the grievance and rating pages read them (functions/http/responses.ts `Grievance`, `Rating`,
 * `RatingCreated`, `RatingSummary`; the grievance view is functions/http/grievance-access.ts `grievanceView`).
 */

export type GrievanceKind = 'COMPLAINT' | 'REPORT' | 'APPEAL';
export const grievanceKinds: readonly GrievanceKind[] = ['COMPLAINT', 'REPORT', 'APPEAL'];
export const grievanceStatuses = [
  'RECEIVED',
  'ACCEPTED',
  'REFERRED',
  'ANSWERED',
  'UNDER_REVIEW',
  'CLOSED',
  'OVERDUE',
] as const;

export interface GrievanceEvent {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly note?: string;
  readonly hash: string;
}

export type GrievanceStage = 'ACCEPT' | 'HANDLE' | 'REVIEW' | 'REREVIEW';

export interface GrievanceExtension {
  readonly days: number;
  readonly reason: string;
  readonly status: 'PENDING' | 'APPROVED';
  readonly requestedAt: string;
  readonly approvedAt?: string;
}

export interface ReviewDecision {
  readonly round: 1 | 2;
  readonly upheld: boolean;
  readonly substantiated: boolean;
  readonly findings: string;
  readonly actions: string;
  readonly at: string;
  readonly late: boolean;
}

/** A row of `GET /v1/grievances` (functions/http/responses.ts `GrievanceList`): never who filed it. */
export interface GrievanceListRow {
  readonly id: string;
  readonly kind: GrievanceKind;
  readonly status: (typeof grievanceStatuses)[number];
  readonly departmentId: string | null;
  readonly summary: string;
  readonly caseId: string | null;
  readonly anonymous: boolean;
  readonly createdAt: string;
  /** The stage it waits on (HANDLE: the department's; ACCEPT, REVIEW, REREVIEW: supervision's); null when none. */
  readonly stage: 'ACCEPT' | 'HANDLE' | 'REVIEW' | 'REREVIEW' | null;
  readonly deadline: string | null;
  readonly deadlineDate: string | null;
  readonly unit: 'CALENDAR_DAYS' | 'WORKING_DAYS';
  readonly light: LightColour | null;
  readonly remainingDays: number | null;
  readonly supervisionDeadline: string | null;
  readonly substantiated: boolean | null;
}

export const rectificationStatuses = [
  'AWAITING_CONTACT',
  'OVERDUE',
  'CONTACTED',
  'RECTIFIED',
  'CLOSED',
  'EXCLUDED',
] as const;

/** A row of `GET /v1/ratings` (functions/http/responses.ts `RatingList`). */
export interface RatingListRow {
  readonly id: string;
  readonly kind: 'RATING';
  readonly caseId: string;
  readonly departmentId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly level: RatingLevel;
  readonly levelName: { readonly zh: string; readonly en: string };
  readonly bad: boolean;
  readonly ratedAt: string;
  /** The rectification's status (bad reviews only). */
  readonly status: (typeof rectificationStatuses)[number] | null;
  readonly stage: 'CONTACT' | 'RECTIFY' | null;
  readonly deadline: string | null;
  readonly deadlineDate: string | null;
  readonly light: LightColour | null;
  readonly remainingDays: number | null;
  readonly supervisionDeadline: string | null;
  readonly excluded: boolean;
}

/** The review stage of a round: 1 the review (复查), 2 the re-review (复核). */
export const reviewStageOf = (round: 1 | 2 | undefined): 'REVIEW' | 'REREVIEW' => (round === 2 ? 'REREVIEW' : 'REVIEW');

/** The extension of each extendable stage, as the grievance keeps it. */
export const extensionFields = {
  HANDLE: 'extension',
  REVIEW: 'reviewExtension',
  REREVIEW: 'rereviewExtension',
} as const;

/** The stage a grievance could extend now (functions/domain/grievance.ts `extendableStageOf`), if any. */
export function extendableStageOf(
  g: Pick<Grievance, 'status' | 'reviewRound'>,
): 'HANDLE' | 'REVIEW' | 'REREVIEW' | undefined {
  if (g.status === 'ACCEPTED') return 'HANDLE';
  if (g.status === 'UNDER_REVIEW') return reviewStageOf(g.reviewRound);
  return undefined;
}

export interface Grievance {
  readonly id: string;
  readonly kind: GrievanceKind;
  readonly status: (typeof grievanceStatuses)[number];
  readonly anonymous?: boolean;
  readonly summary?: string;
  readonly detail?: string;
  readonly departmentId?: string;
  readonly assignedTo?: string;
  readonly caseId?: string;
  readonly officer?: string;
  /** Only the complainant and supervision get these (informer protection). */
  readonly contact?: { readonly name?: string; readonly phone?: string };
  readonly unit: 'CALENDAR_DAYS' | 'WORKING_DAYS';
  readonly acceptBy: string;
  readonly acceptByDate?: string;
  readonly handleBy?: string;
  readonly handleByDate?: string;
  readonly reviewWindowBy?: string;
  readonly reviewBy?: string;
  readonly supervision?: { readonly deadlineDate: string; readonly deadline: string; readonly since: string };
  readonly reviewByDate?: string;
  /** The review round reached: 1 the review (复查), 2 the re-review (复核). */
  readonly reviewRound?: 1 | 2;
  /** Each review's decision, in order (supervision's). */
  readonly reviewDecisions?: readonly ReviewDecision[];
  readonly overdueStage?: GrievanceStage;
  readonly referral?: { readonly agency: string; readonly reason: string; readonly at: string };
  /** One extension per stage: the handling's, the review's, the re-review's. */
  readonly extension?: GrievanceExtension;
  readonly reviewExtension?: GrievanceExtension;
  readonly rereviewExtension?: GrievanceExtension;
  readonly findings?: {
    readonly substantiated: boolean;
    readonly findings: string;
    readonly actions: string;
    readonly at: string;
    readonly late: boolean;
  };
  readonly reviewRequest?: { readonly reason: string; readonly at: string; readonly round?: 1 | 2 };
  readonly queryCode?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly timeline: readonly GrievanceEvent[];
}

export type RatingLevel = 1 | 2 | 3 | 4 | 5;
/** Best first, as the 好差评 form lists them. */
export const ratingLevels: readonly RatingLevel[] = [5, 4, 3, 2, 1];

export interface StageOverdue {
  readonly at: string;
  readonly supervisionDeadline: string;
  readonly supervisionDeadlineDate: string;
}

export interface Rating {
  readonly id: string;
  readonly caseId: string;
  readonly departmentId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly level: RatingLevel;
  readonly levelName: { readonly zh: string; readonly en: string };
  readonly bad: boolean;
  readonly comment: string | null;
  readonly ratedAt: string;
  readonly rectification: {
    readonly status: 'AWAITING_CONTACT' | 'OVERDUE' | 'CONTACTED' | 'RECTIFIED' | 'CLOSED' | 'EXCLUDED';
    readonly contactBy: string;
    readonly contactByDate: string;
    readonly rectifyBy: string;
    readonly rectifyByDate: string;
    readonly contactedAt: string | null;
    readonly contactNote: string | null;
    readonly rectifiedAt: string | null;
    readonly actions: string | null;
    readonly contactOverdue: StageOverdue | null;
    readonly rectifyOverdue: StageOverdue | null;
    readonly onTime: boolean;
  } | null;
  readonly followUp: { readonly level: RatingLevel; readonly at: string } | null;
  readonly appeal: {
    readonly reason: string;
    readonly at: string;
    readonly decision: { readonly upheld: boolean; readonly reason: string; readonly at: string } | null;
  } | null;
  readonly excluded: { readonly reason: string; readonly at: string } | null;
  readonly timeline: readonly GrievanceEvent[];
  readonly verification?: { readonly valid: boolean; readonly events: number; readonly firstBrokenAt: number | null };
}

export interface RatingSummary {
  readonly period: string;
  readonly definition: string;
  readonly rows: readonly {
    readonly departmentId: string;
    readonly itemCode: string;
    readonly itemName: string;
    readonly total: number;
    readonly levels: Readonly<Record<RatingLevel, number>>;
    readonly satisfactionRate: number | null;
    readonly badReviews: number;
    readonly rectifiedOnTime: number;
    readonly excluded: number;
  }[];
}

/** A rating's id: `RT-` and the rated case's id (functions/store/ratings.ts `ratingIdOf`). */
export const ratingIdOf = (caseId: string) => `RT-${caseId}`;
export const isGrievanceId = (id: string) => id.startsWith('GV');
export const isRatingId = (id: string) => id.startsWith('RT-');

/**
 * The page of an id that a notification or a worklist row carries in its case field: a case's, or a grievance's
 * (`GV…`), a rating's (`RT-<case id>`) or a green-channel project's (`PJ…`) own page in the area (`staff` or
 * `supervision`).
 */
export function deskPathOf(desk: 'staff' | 'supervision', id: string): string {
  // A project's notification: `<project id>` (the officer's, supervision's) or `<project id>#<department id>`.
  if (/^PJ\d{8}-/.test(id)) return `/${desk}/projects/${encodeURIComponent(id.split('#')[0] ?? id)}`;
  const at = encodeURIComponent(id);
  if (isGrievanceId(id)) return `/${desk}/grievances/${at}`;
  if (isRatingId(id)) return `/${desk}/ratings/${at}`;
  return `/${desk}/cases/${at}`;
}

export function asProblem(error: unknown): ApiProblem {
  return error instanceof ApiProblem ? error : new ApiProblem(0, '网络错误 Network error', String(error));
}

/**
 * The problem's fields at fault, by the form's field name: `body.summary` → `summary`, `body.contact.phone` →
 * `contact.phone`, so each reason is shown next to its field.
 */
export function fieldErrors(problem: ApiProblem | undefined): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    const name = e.field.replace(/^body\./, '');
    out[name] = out[name] ? `${out[name]}; ${e.reason}` : e.reason;
  }
  return out;
}

/** A grievance's next time limit: the supervision deadline when overdue, else the stage's. */
export function nextDeadline(g: Grievance): string | undefined {
  if (g.status === 'OVERDUE') return g.supervision?.deadline;
  if (g.status === 'RECEIVED') return g.acceptBy;
  if (g.status === 'ACCEPTED') return g.handleBy;
  if (g.status === 'ANSWERED') return g.reviewWindowBy;
  if (g.status === 'UNDER_REVIEW') return g.reviewBy;
  return undefined;
}

/**
 * A deadline as its last day: the API's deadlines are the end of a China-local day (24:00+08:00, which a `Date` reads
 * as 00:00 of the next day), so the day shown is the one the instant closes — "by 17 Nov", not "18 Nov 00:00".
 */
export function formatDeadline(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return formatDate(chinaDate(at - 1));
}
