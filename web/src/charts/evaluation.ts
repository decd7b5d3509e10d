/**
 * The answer of `GET /v1/evaluations/{period}` (functions/http/responses.ts `Evaluation`), as the pages read it.
 * Written out here because the pages are built apart from the functions; test/web/charts.test.ts checks at compile
 * time that the API's schema still fits this type, so a field renamed there breaks the build here.
 */

/** A text in both languages, as the API gives it. */
export interface BilingualText {
  readonly zh: string;
  readonly en?: string;
}

/** Every metric of a unit over a period: counts, and rates (null over nothing — nothing was measured). */
export interface EvaluationMetrics {
  readonly received: number;
  readonly accepted: number;
  readonly referred: number;
  readonly notices: number;
  readonly repeatedNotices: number;
  readonly closed: number;
  readonly closedOnTime: number;
  readonly closedEarly: number;
  readonly closedOnTheSpot: number;
  readonly workingDaysToClose: number;
  readonly promisedWorkingDays: number;
  readonly overdue: number;
  readonly deemedApprovals: number;
  readonly redCards: number;
  readonly yellowWarnings: number;
  readonly suspensions: number;
  readonly extensions: number;
  readonly withdrawn: number;
  readonly revoked: number;
  /** Shares from 0 to 1. */
  readonly onTimeRate: number | null;
  readonly earlyRate: number | null;
  readonly immediateShareOfCases: number | null;
  /** Working days. */
  readonly averageWorkingDays: number | null;
  /** 1 − working days used ÷ promised, a share (may be negative when late). */
  readonly speedUp: number | null;
  /**
   * Complaints and satisfaction reviews (issue 14, definitions version 2); absent from an evaluation made before they
   * existed. Rates are shares from 0 to 1, null over nothing.
   */
  readonly complaintsReceived?: number;
  readonly complaintsAnswered?: number;
  readonly complaintsAnsweredOnTime?: number;
  readonly complaintsSubstantiated?: number;
  readonly complaintsOverdue?: number;
  readonly ratings?: number;
  readonly ratingsSatisfied?: number;
  readonly badReviews?: number;
  readonly badReviewsRectifiedOnTime?: number;
  readonly ratingsExcluded?: number;
  readonly complaintOnTimeRate?: number | null;
  readonly satisfactionRate?: number | null;
  readonly badReviewsRectifiedOnTimeRate?: number | null;
}

export type TargetName = 'immediateShare' | 'shortenedItems' | 'promisedTimeReduction' | 'onlineDisclosure';
export const targetNames: readonly TargetName[] = [
  'immediateShare',
  'shortenedItems',
  'promisedTimeReduction',
  'onlineDisclosure',
];

/**
 * A campaign target. `percentage points`: baseline, current and target are percentages (0–100), the target being the
 * baseline plus some points. `share`: they are shares from 0 to 1.
 */
export interface EvaluationTarget {
  readonly name: BilingualText;
  readonly definition: string;
  readonly unit: 'percentage points' | 'share';
  readonly baseline: number | null;
  readonly current: number | null;
  readonly target: number | null;
  readonly met: boolean | null;
  readonly note?: string;
}

export interface DepartmentFigures extends EvaluationMetrics {
  readonly departmentId: string;
  /** null: a department the tallies name that the directory no longer has. */
  readonly name: BilingualText | null;
  readonly immediateShareOfItems: number | null;
}

export interface ItemFigures extends EvaluationMetrics {
  readonly itemCode: string;
  readonly name: BilingualText | null;
  readonly departmentId: string | null;
}

export type EvaluationTrigger =
  | { readonly kind: 'SCHEDULE'; readonly schedule: string; readonly scheduledTime: string }
  | { readonly kind: 'REQUEST'; readonly by?: string; readonly role?: string };

export interface EvaluationAnswer {
  /** `2026-10`, `2026-Q4`, `2026`, … */
  readonly period: string;
  readonly kind: 'MONTH' | 'QUARTER' | 'YEAR' | 'PHASE' | 'RANGE';
  readonly name: BilingualText;
  readonly from: string;
  readonly to: string;
  /** False while the period is still running (the month so far). */
  readonly complete: boolean;
  /** The last day counted. */
  readonly through: string;
  readonly revision: number;
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly trigger: EvaluationTrigger;
  readonly definitionsVersion: number;
  readonly centre: EvaluationMetrics;
  readonly departments: readonly DepartmentFigures[];
  readonly items: readonly ItemFigures[];
  readonly targets: Readonly<Record<TargetName, EvaluationTarget>>;
  readonly definitions: Readonly<Record<string, { readonly name: BilingualText; readonly definition: string }>>;
  readonly revisions: readonly {
    readonly revision: number;
    readonly generatedAt: string;
    readonly generatedBy: string;
  }[];
}
