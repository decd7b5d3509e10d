/** What the supervision pages read from the API besides the evaluation (web/src/charts/evaluation.ts). */

export interface Officer {
  readonly id: string;
  readonly name: string;
}

export type AccountabilityReason = 'DEEMED_APPROVAL' | 'OVERDUE';

/** `GET /v1/accountability`: one record per case and reason. */
export interface AccountabilityRecord {
  readonly caseId: string;
  readonly reason: AccountabilityReason;
  readonly departmentId: string;
  readonly itemCode: string;
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

export interface TimelineEvent {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly note?: string;
  readonly hash: string;
}

/** `GET /v1/applications/{id}` as supervision reads it. */
export interface CaseAnswer {
  readonly id: string;
  readonly status: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departmentId: string;
  readonly receivedAt: string;
  readonly acceptedOn: string | null;
  readonly deadlineDate: string | null;
  readonly deadline: string | null;
  readonly handler: Officer;
  readonly leader: Officer;
  readonly decision: {
    readonly outcome: string;
    readonly reason?: string;
    readonly by: string;
    readonly at: string;
    readonly late: boolean;
  } | null;
  readonly expiry: {
    readonly outcome: string;
    readonly at: string;
    readonly appliedAt: string;
    readonly appliedBy: string;
  } | null;
  readonly supervision: { readonly since: string; readonly deadlineDate: string; readonly deadline: string } | null;
  readonly redCardAt: string | null;
  readonly review: {
    readonly verdict: 'CONFIRMED' | 'WRONGFUL';
    readonly reason: string;
    readonly publicInterestNote?: string;
    readonly by: string;
    readonly at: string;
  } | null;
  readonly light: 'GREEN' | 'YELLOW' | 'RED' | 'RED_CARD' | null;
  readonly remainingWorkingDays: number | null;
  readonly timeline: readonly TimelineEvent[];
}

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
