import type { CaseWithLight, Officer } from '../case-types.ts';
import type { AccountabilityStatus, Responsibility } from './workflow.ts';

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
  /** The record's id (`<subject with / as .>.<reason>`, docs/supervision.md) and where its workflow stands. */
  readonly id: string;
  readonly status: AccountabilityStatus;
  /** 领导责任: the decision may not put the lapse on the handler alone (a deemed approval, a red card, a deemed agreement). */
  readonly leaderAnswerable: boolean;
  readonly investigation: {
    readonly at: string;
    readonly by: string;
    readonly note: string | null;
    readonly deadline: string;
    readonly deadlineDate: string;
    readonly workingDays: number;
    readonly overdueAt: string | null;
  } | null;
  readonly decision: {
    readonly responsibility: Responsibility;
    readonly sanction: string;
    readonly sanctionName: BilingualName;
    readonly findings: string;
    readonly answerable: readonly { readonly role: 'HANDLER' | 'LEADER'; readonly id: string; readonly name: string }[];
    readonly at: string;
    readonly by: string;
    readonly late: boolean;
  } | null;
  readonly publication: { readonly at: string; readonly by: string } | null;
  readonly dismissal: {
    readonly at: string;
    readonly by: string;
    readonly reason: string;
    readonly late: boolean;
  } | null;
}

export interface AccountabilityAnswer {
  readonly years: readonly number[];
  readonly records: readonly AccountabilityRecord[];
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

// ---- The accountability register's workflow (issue 16, docs/supervision.md) ----

export interface BilingualName {
  readonly zh: string;
  readonly en: string;
}

/** `GET /v1/accountability/{id}` (and every workflow POST's answer): the record, its timeline verified, the sanctions. */
export interface AccountabilityDetail extends AccountabilityRecord {
  readonly timeline: readonly {
    readonly at: string;
    readonly type: string;
    readonly by: string;
    readonly note: string | null;
    readonly hash: string;
  }[];
  readonly verification: { readonly valid: boolean; readonly events: number; readonly firstBrokenAt: number | null };
  /** The configured list a decision chooses from, lightest first. */
  readonly sanctions: readonly ({ readonly code: string } & BilingualName)[];
}

/** `GET /v1/accountability/flags?quarter=`. */
export interface FlagsAnswer {
  readonly quarter: string;
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly flags: readonly {
    readonly kind: 'DEPARTMENT' | 'OFFICER';
    readonly departmentId: string;
    readonly officer: Officer | null;
    readonly records: number;
    readonly ids: readonly string[];
  }[];
}
