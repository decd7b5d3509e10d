import type { CaseWithLight, Officer } from '../case-types.ts';

/** What the supervision pages read from the API besides the evaluation (web/src/charts/evaluation.ts). */

export type AccountabilityReason =
  | 'DEEMED_APPROVAL'
  | 'OVERDUE'
  | 'RED_CARD'
  | 'COMPLAINT'
  | 'DEEMED_AGREEMENT'
  | 'BAD_REVIEW'
  | 'VISIT_FINDING';

/** `GET /v1/accountability`: one record per case and reason. */
export interface AccountabilityRecord {
  readonly caseId: string;
  readonly reason: AccountabilityReason;
  readonly departmentId: string;
  readonly itemCode: string;
  /** A deemed agreement's project (then `caseId` is `<project id>/<department id>`). */
  readonly projectId?: string | null;
  readonly handler: Officer;
  readonly leader: Officer;
  readonly at: string;
  readonly deadline: string;
  readonly escalation: {
    readonly at: string;
    readonly by: string;
    readonly why: string;
    readonly level: 'SERIOUS';
  } | null;
}

export interface AccountabilityAnswer {
  readonly years: readonly number[];
  readonly records: readonly AccountabilityRecord[];
}

/** `GET /v1/departments`, names in the page's language. */
export interface DepartmentsAnswer {
  readonly departments: readonly { readonly id: string; readonly name: string }[];
}

/** `GET /v1/applications/{id}` as supervision reads it. */
export type CaseAnswer = CaseWithLight;

/** `GET /v1/applications/{id}/verify` (README: the chain, the bound state, the anchors, the clocks). */
export interface VerifyAnswer {
  readonly caseId: string;
  readonly valid: boolean;
  readonly deleted?: boolean;
  readonly events?: number;
  readonly firstBrokenAt?: number | null;
  readonly state?: {
    readonly bound: boolean;
    readonly boundFrom: number | null;
    readonly valid: boolean | null;
    readonly changed: readonly string[] | null;
  };
  readonly editsRecorded?: readonly { readonly event: number; readonly fields: readonly string[] }[];
  readonly anchor?: {
    readonly checkpoints: number;
    readonly anchoredEvents: number | null;
    readonly valid: boolean;
    readonly rewritten: readonly unknown[];
    readonly invalidCheckpoints: readonly number[];
    readonly alerts: readonly unknown[];
  } | null;
  readonly clocks?: readonly {
    readonly duty: string;
    readonly phase: string | null;
    readonly deadline: string | null;
    readonly agrees: boolean;
    readonly disagreements: readonly string[];
  }[];
}
