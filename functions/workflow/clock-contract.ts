/**
 * What the approval clock's state machine (lib/approval-clock.ts) and its task handlers say to each other.
 * Kept free of CDK and AWS SDK imports so both sides can share it.
 */

/** A Wait longer than ~24.8 days overflows Node timers locally; AWS allows a year. Chunk at 20 days everywhere. */
export const MAX_WAIT_DAYS = 20;

export const CHECKPOINT_ACTIONS = {
  wait: 'WAIT',
  deemedApproved: 'DEEMED_APPROVED',
  overdue: 'OVERDUE',
  decided: 'DECIDED',
  withdrawn: 'WITHDRAWN',
} as const;
export type CheckpointAction = (typeof CHECKPOINT_ACTIONS)[keyof typeof CHECKPOINT_ACTIONS];

/** Error names that end the Parallel race; each maps to a Succeed state of the same meaning. */
export const CLOCK_ERRORS = {
  decided: 'Decided',
  deemedApproval: 'DeemedApproval',
  overdue: 'Overdue',
  withdrawn: 'Withdrawn',
  /** Not an ending: the deadline moved (a pause ended, an extension was approved); the race starts again. */
  rescheduled: 'Rescheduled',
} as const;

/** What a SendTaskSuccess on the decision token carries. */
export const DECISION_SIGNALS = {
  decided: 'DECIDED',
  withdrawn: 'WITHDRAWN',
  rescheduled: 'RESCHEDULED',
  closed: 'CLOSED',
} as const;

export interface ClockInput {
  readonly caseId: string;
}

export interface CheckpointInput {
  readonly caseId: string;
}

export interface CheckpointOutput {
  readonly caseId: string;
  readonly action: CheckpointAction;
  /** UTC instant with `Z` and whole seconds: the next Wait's timestamp (present when action is WAIT). */
  readonly nextCheckpoint?: string;
}

export interface AwaitDecisionInput {
  readonly caseId: string;
  readonly taskToken: string;
}

export interface DecisionSignal {
  readonly caseId: string;
  readonly signal: (typeof DECISION_SIGNALS)[keyof typeof DECISION_SIGNALS];
  readonly status: string;
}

/** The intake clock (Art.32: no notice within 5 working days → accepted from receipt): what its checkpoint says. */
export const INTAKE_ACTIONS = {
  wait: 'WAIT',
  deemedAccepted: 'DEEMED_ACCEPTED',
  handled: 'HANDLED',
} as const;
export type IntakeAction = (typeof INTAKE_ACTIONS)[keyof typeof INTAKE_ACTIONS];

export interface IntakeCheckpointOutput {
  readonly caseId: string;
  readonly action: IntakeAction;
  readonly nextCheckpoint?: string;
}

/** Working days staff have to accept or give notice before an application counts as accepted from receipt. */
export const INTAKE_REVIEW_WORKING_DAYS = 5;

/** The intake clock's execution name: the approval clock's is the case id itself. */
export function intakeExecutionName(caseId: string): string {
  return `${caseId}-intake`;
}
