/**
 * What the approval clock's state machine (lib/approval-clock.ts) and its task handlers say to each other.
 * Kept free of CDK and AWS SDK imports so both sides can share it.
 */
import { DECISION_SIGNALS } from '../common/clock-signals.ts';
import { INTAKE_REVIEW_WORKING_DAYS } from '../domain/intake.ts';

/**
 * Waits are chunked at 20 days everywhere (AWS allows a year). Chosen when the local interpreter's Node timers
 * overflowed past ~24.8 days; the local engine now re-arms any wait, and the chunk is kept: a checkpoint every 20 days
 * re-reads the clock, and the decision token is renewed at the same period.
 */
export const MAX_WAIT_DAYS = 20;

export const CHECKPOINT_ACTIONS = {
  wait: 'WAIT',
  deemedApproved: 'DEEMED_APPROVED',
  /** Still open at the supervision deadline (督办期限) after running out of time: the red card was raised. */
  redCard: 'RED_CARD',
  decided: 'DECIDED',
  /** A decision recorded on the OVERDUE case, after the deadline (the clock found it before, or instead of, its signal). */
  decidedLate: 'DECIDED_LATE',
  withdrawn: 'WITHDRAWN',
} as const;

/** What the clock sleeps towards (functions/domain/duty.ts): shown in each checkpoint's output. */
export { MILESTONES, type Milestone } from '../domain/duty.ts';

import type { Milestone } from '../domain/duty.ts';

export type CheckpointAction = (typeof CHECKPOINT_ACTIONS)[keyof typeof CHECKPOINT_ACTIONS];

/** Error names that end the Parallel race; each maps to a Succeed state of the same meaning. */
export const CLOCK_ERRORS = {
  decided: 'Decided',
  /** A decision recorded on an OVERDUE case (after the deadline, under supervision). */
  decidedLate: 'DecidedLate',
  deemedApproval: 'DeemedApproval',
  redCard: 'RedCard',
  withdrawn: 'Withdrawn',
  /** Not an ending: the deadline moved (a pause ended, an extension was approved); the race starts again. */
  rescheduled: 'Rescheduled',
} as const;

/** What a SendTaskSuccess on the decision token carries (kept in common/, where the handlers that send it reach). */
export { DECISION_SIGNALS };

export interface ClockInput {
  /** The subject the clock times: a case id, or a grievance id on the grievance clock. */
  readonly caseId: string;
  /** On the grievance clock, which of the grievance's stages it times (one state machine runs them all). */
  readonly duty?: string;
}

export interface CheckpointInput {
  readonly caseId: string;
}

export interface CheckpointOutput {
  readonly caseId: string;
  readonly action: CheckpointAction;
  /** UTC instant with `Z` and whole seconds: the next Wait's timestamp (present when action is WAIT). */
  readonly nextCheckpoint?: string;
  /** What the wait leads to (present when action is WAIT); a wait capped at MAX_WAIT_DAYS ends short of it. */
  readonly towards?: Milestone;
  /** The warning or escalation this checkpoint raised, if any (already recorded on the case and its clock). */
  readonly raised?: 'YELLOW_WARNING' | 'OVERDUE' | 'RED_CARD';
}

export interface AwaitDecisionInput {
  readonly caseId: string;
  readonly taskToken: string;
  /** `$$.Execution.Id`: recorded on the clock with the token (the clock's proof that it started). */
  readonly executionArn: string;
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

/** Working days staff have to accept or give notice (domain/intake.ts, where the rule is). */
export { INTAKE_REVIEW_WORKING_DAYS };

/** The grievance clock (functions/workflow/grievances-checkpoint.ts): what its checkpoint says. */
export const GRIEVANCE_ACTIONS = {
  wait: 'WAIT',
  redCard: 'RED_CARD',
  closed: 'CLOSED',
  handled: 'HANDLED',
} as const;
export type GrievanceAction = (typeof GRIEVANCE_ACTIONS)[keyof typeof GRIEVANCE_ACTIONS];

export interface GrievanceCheckpointOutput {
  readonly caseId: string;
  readonly duty: string;
  readonly action: GrievanceAction;
  readonly nextCheckpoint?: string;
  readonly towards?: Milestone;
  readonly raised?: 'OVERDUE' | 'RED_CARD';
}

/** A bad review's clocks (好差评: contact within 1 working day, rectification within 15): what their checkpoint says. */
export const RATING_ACTIONS = {
  wait: 'WAIT',
  /** Still undone at supervision's deadline: escalated, the clock ended. */
  escalated: 'ESCALATED',
  /** The stage was done (late or in time), or supervision excluded the review. */
  handled: 'HANDLED',
} as const;
export type RatingAction = (typeof RATING_ACTIONS)[keyof typeof RATING_ACTIONS];

export interface RatingCheckpointOutput {
  readonly caseId: string;
  readonly action: RatingAction;
  readonly nextCheckpoint?: string;
  readonly towards?: Milestone;
}

/**
 * The joint approval clock (functions/workflow/joint-checkpoint.ts): what its checkpoint says, for the joint approval
 * as a whole (`<project id>-joint`) and for each department's opinion (`<project id>-opinion-<department id>`).
 */
export const JOINT_ACTIONS = {
  wait: 'WAIT',
  /** A department's opinion clock: silent at its deadline, deemed to agree (缺席默认). */
  deemedAgreed: 'DEEMED_AGREED',
  /** A department's opinion clock: it answered in time. */
  answered: 'ANSWERED',
  /** The joint approval's clock: every department answered or is deemed; the result is written. */
  concluded: 'CONCLUDED',
} as const;
export type JointAction = (typeof JOINT_ACTIONS)[keyof typeof JOINT_ACTIONS];

export interface JointCheckpointOutput {
  readonly caseId: string;
  readonly duty: string;
  readonly action: JointAction;
  readonly nextCheckpoint?: string;
  readonly towards?: Milestone;
  /** On the joint approval's clock: the departments still to answer, and each one's status (the graph's at-a-glance). */
  readonly pending?: readonly string[];
  readonly departments?: Readonly<Record<string, string>>;
  readonly result?: string;
}

/** The investigation clock of an accountability record (functions/workflow/investigation-checkpoint.ts). */
export const INVESTIGATION_ACTIONS = {
  wait: 'WAIT',
  /** Undecided at the investigation's limit: escalated to the centre's leadership; the clock's execution ends. */
  escalated: 'ESCALATED',
  /** Decided or dismissed in time. */
  concluded: 'CONCLUDED',
} as const;
export type InvestigationAction = (typeof INVESTIGATION_ACTIONS)[keyof typeof INVESTIGATION_ACTIONS];

export interface InvestigationCheckpointOutput {
  readonly caseId: string;
  readonly action: InvestigationAction;
  readonly nextCheckpoint?: string;
  readonly towards?: Milestone;
}

// ---- Inspection visits (明察暗访, issue 16 item 3) ----

/** A visit problem's rectification clock (functions/workflow/visit-checkpoint.ts). */
export const VISIT_ACTIONS = {
  wait: 'WAIT',
  /** Unreported at its deadline: OVERDUE, escalated to supervision; the clock's execution ends. */
  overdue: 'OVERDUE',
  /** Reported in time. */
  rectified: 'RECTIFIED',
} as const;
export type VisitAction = (typeof VISIT_ACTIONS)[keyof typeof VISIT_ACTIONS];

export interface VisitCheckpointOutput {
  readonly caseId: string;
  readonly action: VisitAction;
  readonly nextCheckpoint?: string;
  readonly towards?: Milestone;
}
