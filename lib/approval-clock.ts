import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  CHECKPOINT_ACTIONS,
  CLOCK_ERRORS,
  DECISION_SIGNALS,
  MAX_WAIT_DAYS,
} from '../functions/common/clock-contract.ts';
import { deadlineLoop, decisionWait, endRace, passInput, succeed } from './deadline-loop.ts';

export interface ApprovalClockFunctions {
  /** Re-reads the case, applies the expiry rule at the deadline, plans the next wait. */
  readonly checkpoint: lambda.IFunction;
  /** Parks the `.waitForTaskToken` token on the approval clock's record so a recorded decision can end the clock at once. */
  readonly awaitDecision: lambda.IFunction;
}

/**
 * The approval clock (限时办结 + 超时默认): one execution per accepted case, named by the case id, input
 * `{"caseId": "..."}`. A Parallel races two branches:
 *  - Clock: Checkpoint → Wait until the next milestone (at most MAX_WAIT_DAYS ahead, UTC "Z") → Checkpoint … The
 *    milestones are the instants the law and the centre care about, each acted on by the checkpoint with a
 *    conditional write: the yellow light (a warning to the handler and the head), the deadline (deemed consent for
 *    eligible items, which ends the branch; overdue with a supervision deadline (督办) for the others, which waits
 *    on) and, for an overdue case, its supervision deadline (still open → red card, which ends the branch).
 *  - Decision: a `.waitForTaskToken` task whose token is stored on the clock's record; a recorded decision sends it and the
 *    branch ends with "Decided" (or "DecidedLate" on an overdue case). It times out every MAX_WAIT_DAYS and loops with a fresh token.
 * The Parallel's Catch turns each ending into a Succeed state named after it, so the console shows at a glance how
 * each approval ended. DynamoDB conditions, not branch order, decide the race; the signal only ends it sooner.
 *
 * The whole chain is safe to re-run from its start (it only reads the case and absolute timestamps): the local
 * runtime resumes executions that way after a restart, and a redrive in AWS behaves the same.
 */
export function buildApprovalClock(scope: Construct, fns: ApprovalClockFunctions): sfn.IChainable {
  // Either branch ends the race by failing with an error the Parallel catches (see its Catch list below).
  const clock = deadlineLoop(scope, {
    names: { checkpoint: 'Checkpoint', choice: 'AfterCheckpoint', wait: 'WaitUntilCheckpoint' },
    checkpoint: fns.checkpoint,
    payload: passInput('caseId'),
    comment:
      'Re-read the case; raise the warning or apply the rule due now (yellow, deadline, red card); plan the next wait',
    waitComment: `Sleep until the next milestone ($.towards), at most ${MAX_WAIT_DAYS} days (Node timers overflow past ~24.8 days)`,
    waitAction: CHECKPOINT_ACTIONS.wait,
    endings: [
      {
        action: CHECKPOINT_ACTIONS.deemedApproved,
        end: endRace(
          scope,
          'ClockAppliedDeemedApproval',
          CLOCK_ERRORS.deemedApproval,
          'Deadline passed with no decision: deemed approved (超时默认)',
        ),
      },
      {
        action: CHECKPOINT_ACTIONS.redCard,
        end: endRace(
          scope,
          'ClockIssuedRedCard',
          CLOCK_ERRORS.redCard,
          'Overdue and still open at the supervision deadline (督办期限): red card',
        ),
      },
      {
        action: CHECKPOINT_ACTIONS.decided,
        end: endRace(scope, 'ClockFoundDecision', CLOCK_ERRORS.decided, 'A decision was recorded before the deadline'),
      },
      {
        action: CHECKPOINT_ACTIONS.decidedLate,
        end: endRace(
          scope,
          'ClockFoundLateDecision',
          CLOCK_ERRORS.decidedLate,
          'A decision was recorded on the overdue case, after the deadline',
        ),
      },
      {
        action: CHECKPOINT_ACTIONS.withdrawn,
        end: endRace(scope, 'ClockFoundWithdrawal', CLOCK_ERRORS.withdrawn, 'The applicant withdrew the application'),
      },
    ],
    otherwise: endRace(scope, 'ClockConfused', 'UnexpectedCheckpoint', 'Checkpoint returned an unknown action'),
  });

  const decision = decisionWait(scope, {
    names: { task: 'AwaitDecision', choice: 'AfterDecisionSignal' },
    handler: fns.awaitDecision,
    payload: sfn.TaskInput.fromObject({
      caseId: sfn.JsonPath.stringAt('$.caseId'),
      taskToken: sfn.JsonPath.taskToken,
      executionArn: sfn.JsonPath.executionId,
    }),
    comment: 'Store the task token (and this execution) on the clock record; a recorded decision sends it back',
    endings: [
      {
        action: DECISION_SIGNALS.decided,
        end: endRace(scope, 'DecisionEndsClock', CLOCK_ERRORS.decided, 'A decision was recorded before the deadline'),
      },
      {
        action: DECISION_SIGNALS.decidedLate,
        end: endRace(
          scope,
          'LateDecisionEndsClock',
          CLOCK_ERRORS.decidedLate,
          'A decision was recorded on the overdue case, after the deadline',
        ),
      },
      {
        action: DECISION_SIGNALS.withdrawn,
        end: endRace(
          scope,
          'WithdrawalEndsClock',
          CLOCK_ERRORS.withdrawn,
          'The applicant withdrew the application before a decision',
        ),
      },
      {
        action: DECISION_SIGNALS.rescheduled,
        end: endRace(
          scope,
          'DeadlineMoved',
          CLOCK_ERRORS.rescheduled,
          'The deadline moved (a pause ended or an extension was approved): race again',
        ),
      },
    ],
    // The case closed some other way (the clock branch reports how); this branch has nothing left to wait for.
    otherwise: succeed(scope, 'DecisionBranchIdle'),
  });

  const race = new sfn.Parallel(scope, 'RaceDeadlineAgainstDecision', {
    comment: 'The clock and the decision race; DynamoDB conditions decide, the first branch to end stops the other',
    resultPath: sfn.JsonPath.DISCARD,
  });
  race.branch(clock);
  race.branch(decision);
  race.addCatch(succeed(scope, 'Decided', 'Decided before the deadline'), {
    errors: [CLOCK_ERRORS.decided],
    resultPath: '$.ending',
  });
  race.addCatch(succeed(scope, 'DeemedApproved', 'Deemed approved at the deadline (超时默认)'), {
    errors: [CLOCK_ERRORS.deemedApproval],
    resultPath: '$.ending',
  });
  race.addCatch(succeed(scope, 'DecidedLate', 'Overdue at the deadline (督办), then decided late'), {
    errors: [CLOCK_ERRORS.decidedLate],
    resultPath: '$.ending',
  });
  race.addCatch(
    succeed(
      scope,
      'RedCard',
      'Overdue, and still open at the supervision deadline: red card to the department and supervision',
    ),
    { errors: [CLOCK_ERRORS.redCard], resultPath: '$.ending' },
  );
  // A moved deadline re-enters the race: the clock branch re-reads the case and waits for the new deadline.
  race.addCatch(race, { errors: [CLOCK_ERRORS.rescheduled], resultPath: '$.rescheduled' });
  race.addCatch(succeed(scope, 'Withdrawn', 'Withdrawn by the applicant before a decision'), {
    errors: [CLOCK_ERRORS.withdrawn],
    resultPath: '$.ending',
  });
  return race;
}
