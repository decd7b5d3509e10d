import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  type ClockInput,
  GRIEVANCE_ACTIONS,
  INTAKE_ACTIONS,
  INTAKE_REVIEW_WORKING_DAYS,
  INVESTIGATION_ACTIONS,
  MAX_WAIT_DAYS,
  RATING_ACTIONS,
  VISIT_ACTIONS,
} from '../functions/common/clock-contract.ts';
import type { Duty } from '../functions/domain/duty.ts';
import { RATING_CONTACT_WORKING_DAYS, RATING_RECTIFY_WORKING_DAYS } from '../functions/domain/rating.ts';
import type { ClockName, FunctionName } from '../functions/manifest.ts';
import { buildApprovalClock } from './approval-clock.ts';
import { deadlineLoop, passInput, succeed } from './deadline-loop.ts';
import { buildJointApprovalClock } from './joint-approval-clock.ts';

export interface StateMachineSpec {
  /** Construct id in CDK and the state machine name locally. */
  readonly name: ClockName;
  /** The duty whose clocks it runs (functions/domain/duty.ts): the policy names its executions. */
  readonly duty: Duty;
  /** Environment variable that carries the state machine ARN to handlers that start or inspect it. */
  readonly envVar: string;
  /** Functions its Task states invoke. */
  readonly functions: readonly FunctionName[];
  readonly build: (scope: Construct, fns: Record<FunctionName, lambda.IFunction>) => sfn.IChainable;
  /** An input an execution starts with: written to docs/state-machines/<name>.input.json for operators. */
  readonly exampleInput: ClockInput;
}

/** The case of the README's first walkthrough, as its id looks (`XN<yyyymmdd>-<ULID>`). */
const EXAMPLE_CASE_ID = 'XN20260928-01M3JVV380QJJZT2T48YR1WNCY';

/**
 * The one list of state machines: CDK deploys them, the local runtime renders and runs the same chains, and
 * docs/state-machines/ documents each (a new clock kind is one entry here: see lib/deadline-loop.ts).
 */
export const stateMachines: readonly StateMachineSpec[] = [
  {
    name: 'ApprovalClock',
    duty: 'APPROVAL',
    envVar: 'APPROVAL_CLOCK_ARN',
    functions: ['checkpoint', 'awaitDecision'],
    build: (scope, fns) => buildApprovalClock(scope, { checkpoint: fns.checkpoint, awaitDecision: fns.awaitDecision }),
    exampleInput: { caseId: EXAMPLE_CASE_ID },
  },
  /**
   * The intake clock (Licensing Law Art.32): an application received for review (收件) must be accepted, or answered
   * with a one-time notice, within 5 working days; otherwise it counts as accepted from receipt. One execution per
   * such case, named `<case id>-intake`: IntakeCheckpoint → wait until the review deadline (in chunks of at most
   * MAX_WAIT_DAYS) → IntakeCheckpoint … The checkpoint applies the deemed acceptance by a conditional write and
   * starts the approval clock; staff action before then ends this clock as "AcceptanceHandled".
   */
  {
    name: 'IntakeClock',
    duty: 'INTAKE_REVIEW',
    envVar: 'INTAKE_CLOCK_ARN',
    functions: ['intakeCheckpoint'],
    build: (scope, fns) =>
      deadlineLoop(scope, {
        names: { checkpoint: 'IntakeCheckpoint', choice: 'AfterIntakeCheckpoint', wait: 'WaitUntilReviewDeadline' },
        checkpoint: fns.intakeCheckpoint,
        payload: passInput('caseId'),
        comment: `Still not accepted nor noticed ${INTAKE_REVIEW_WORKING_DAYS} working days after receipt? Then accepted from receipt`,
        waitComment: `Sleep until the review deadline, or at most ${MAX_WAIT_DAYS} days`,
        waitAction: INTAKE_ACTIONS.wait,
        endings: [
          {
            action: INTAKE_ACTIONS.deemedAccepted,
            end: succeed(scope, 'DeemedAccepted', 'No action in time: accepted from receipt (Art.32)'),
          },
        ],
        // HANDLED: staff accepted it or gave notice in time.
        otherwise: succeed(scope, 'AcceptanceHandled', 'Staff accepted it or gave notice in time'),
      }),
    exampleInput: { caseId: EXAMPLE_CASE_ID },
  },
  /**
   * The grievance clock (Petitions Regulation; docs/rules.md §6): one execution per stage of a grievance, named
   * `<grievance id>-accept`, `-handle`, `-review`, `-review-window`; the input names the stage's duty.
   * GrievanceCheckpoint → wait until the stage's deadline → overdue under supervision → wait until supervision's
   * deadline → the red card; a stage done in time ends it as Handled, a review window that ran out as Closed.
   */
  {
    name: 'GrievanceClock',
    duty: 'GRIEVANCE_HANDLE',
    envVar: 'GRIEVANCE_CLOCK_ARN',
    functions: ['grievancesCheckpoint'],
    build: (scope, fns) =>
      deadlineLoop(scope, {
        names: { checkpoint: 'GrievanceCheckpoint', choice: 'AfterGrievanceCheckpoint', wait: 'WaitUntilDue' },
        checkpoint: fns.grievancesCheckpoint,
        payload: passInput('caseId', 'duty'),
        comment: 'Re-read the grievance stage: overdue to supervision at its deadline, the red card after supervision',
        waitComment: `Sleep until the next milestone, or at most ${MAX_WAIT_DAYS} days`,
        waitAction: GRIEVANCE_ACTIONS.wait,
        endings: [
          {
            action: GRIEVANCE_ACTIONS.redCard,
            end: succeed(scope, 'GrievanceRedCard', 'Still not done at the supervision deadline: red card'),
          },
          {
            action: GRIEVANCE_ACTIONS.closed,
            end: succeed(scope, 'GrievanceClosed', 'No review asked for within its period: closed'),
          },
        ],
        otherwise: succeed(scope, 'GrievanceHandled', 'The stage was done (in time or late)'),
      }),
    exampleInput: { caseId: 'GV20260304-01M3JVV380QJJZT2T48YR1WNCY', duty: 'GRIEVANCE_HANDLE' },
  },
  /**
   * A bad review's two clocks (好差评, docs/rules.md §7), started with the rating on the rated case: the department
   * contacts the applicant within 1 working day (`<case id>-rating-contact`) and reports the rectification within 15
   * (`<case id>-rating-rectify`). One checkpoint serves both; the payload names the duty. At the deadline with the
   * stage undone: OVERDUE under supervision, then the wait for supervision's deadline, then escalation.
   */
  ratingClock('RatingContactClock', 'RATING_CONTACT', 'RATING_CONTACT_CLOCK_ARN', {
    prefix: 'Contact',
    comment: `Contacted within ${RATING_CONTACT_WORKING_DAYS} working day of the bad review? Else overdue, under supervision`,
  }),
  ratingClock('RatingRectifyClock', 'RATING_RECTIFY', 'RATING_RECTIFY_CLOCK_ARN', {
    prefix: 'Rectify',
    comment: `Rectification reported within ${RATING_RECTIFY_WORKING_DAYS} working days of the bad review? Else overdue, under supervision`,
  }),
  /**
   * A joint approval (联合审批, docs/green-channel.md): one execution per department's opinion, named
   * `<project id>-opinion-<department id>` (duty JOINT_OPINION), all in parallel, and one for the joint approval as a
   * whole, `<project id>-joint` (duty JOINT_APPROVAL); the input names the duty. Listing a project's executions by its
   * id shows at a glance which departments are still RUNNING (pending), which ended `OpinionGiven` and which
   * `DeemedAgreed`; the joint execution's checkpoint output lists the pending departments and each one's status.
   */
  {
    name: 'JointApprovalClock',
    // The joint approval's own duty names the execution an operator opens first (`<project id>-joint`).
    duty: 'JOINT_APPROVAL',
    envVar: 'JOINT_APPROVAL_CLOCK_ARN',
    functions: ['jointCheckpoint', 'awaitOpinion'],
    build: (scope, fns) =>
      buildJointApprovalClock(scope, { checkpoint: fns.jointCheckpoint, awaitOpinion: fns.awaitOpinion }),
    exampleInput: { caseId: 'PJ20261102-01M3JVV380QJJZT2T48YR1WNCY', duty: 'JOINT_APPROVAL' },
  },
  /**
   * An accountability record's investigation (问责调查, docs/supervision.md): one execution per record investigated,
   * named `<record id>-investigation` (the id is `<case id>.<reason>`). InvestigationCheckpoint → wait until the
   * limit (ACCOUNTABILITY_POLICY investigationWorkingDays, default 30 working days) → still undecided: escalated to
   * the centre's leadership (InvestigationEscalated); decided or dismissed before then: InvestigationConcluded.
   */
  {
    name: 'InvestigationClock',
    duty: 'INVESTIGATION',
    envVar: 'INVESTIGATION_CLOCK_ARN',
    functions: ['investigationCheckpoint'],
    build: (scope, fns) =>
      deadlineLoop(scope, {
        names: {
          checkpoint: 'InvestigationCheckpoint',
          choice: 'AfterInvestigationCheckpoint',
          wait: 'WaitUntilInvestigationDue',
        },
        checkpoint: fns.investigationCheckpoint,
        payload: passInput('caseId'),
        comment: 'Decided or dismissed within the investigation limit? Else escalated to the centre’s leadership',
        waitComment: `Sleep until the investigation's deadline, or at most ${MAX_WAIT_DAYS} days`,
        waitAction: INVESTIGATION_ACTIONS.wait,
        endings: [
          {
            action: INVESTIGATION_ACTIONS.escalated,
            end: succeed(
              scope,
              'InvestigationEscalated',
              'Undecided at the limit: escalated to the centre’s leadership',
            ),
          },
        ],
        otherwise: succeed(scope, 'InvestigationConcluded', 'Decided or dismissed within the limit'),
      }),
    exampleInput: { caseId: `${EXAMPLE_CASE_ID}.DEEMED_APPROVAL` },
  },
  // ---- Inspection visits (明察暗访, issue 16 item 3) ----
  /**
   * A problem found on an inspection visit (docs/supervision.md): one execution per problem, named
   * `<visit id>-P<n>-rectification`. VisitCheckpoint → wait until the rectification deadline (the working days the
   * supervisor set) → still unreported: OVERDUE, escalated to supervision and on the accountability register
   * (RectificationOverdue); reported in time: Rectified.
   */
  {
    name: 'VisitRectificationClock',
    duty: 'VISIT_RECTIFY',
    envVar: 'VISIT_RECTIFICATION_CLOCK_ARN',
    functions: ['visitCheckpoint'],
    build: (scope, fns) =>
      deadlineLoop(scope, {
        names: { checkpoint: 'VisitCheckpoint', choice: 'AfterVisitCheckpoint', wait: 'WaitUntilRectificationDue' },
        checkpoint: fns.visitCheckpoint,
        payload: passInput('caseId'),
        comment: 'Rectification reported by the deadline? Else overdue: escalated to supervision, on the register',
        waitComment: `Sleep until the rectification deadline, or at most ${MAX_WAIT_DAYS} days`,
        waitAction: VISIT_ACTIONS.wait,
        endings: [
          {
            action: VISIT_ACTIONS.overdue,
            end: succeed(scope, 'RectificationOverdue', 'Not reported rectified in time: escalated to supervision'),
          },
        ],
        otherwise: succeed(scope, 'Rectified', 'Reported rectified in time'),
      }),
    exampleInput: { caseId: 'VS20261204-01M3JVV380QJJZT2T48YR1WNCY-P1' },
  },
];

function ratingClock(
  name: ClockName,
  duty: 'RATING_CONTACT' | 'RATING_RECTIFY',
  envVar: string,
  text: { readonly prefix: string; readonly comment: string },
): StateMachineSpec {
  return {
    name,
    duty,
    envVar,
    functions: ['ratingsCheckpoint'],
    build: (scope, fns) =>
      deadlineLoop(scope, {
        names: {
          checkpoint: `${text.prefix}Checkpoint`,
          choice: `After${text.prefix}Checkpoint`,
          wait: `WaitUntil${text.prefix}Due`,
        },
        checkpoint: fns.ratingsCheckpoint,
        // The duty is a constant of the machine: one checkpoint function serves both rating clocks.
        payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId'), duty }),
        comment: text.comment,
        waitComment: `Sleep until the deadline or supervision's deadline, or at most ${MAX_WAIT_DAYS} days`,
        waitAction: RATING_ACTIONS.wait,
        endings: [
          {
            action: RATING_ACTIONS.escalated,
            end: succeed(scope, `${text.prefix}Escalated`, 'Still undone at the supervision deadline: escalated'),
          },
        ],
        otherwise: succeed(scope, `${text.prefix}Handled`, 'Done (in time or late), or the review was excluded'),
      }),
    exampleInput: { caseId: EXAMPLE_CASE_ID },
  };
}
