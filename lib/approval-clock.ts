import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import {
  CHECKPOINT_ACTIONS,
  CLOCK_ERRORS,
  DECISION_SIGNALS,
  MAX_WAIT_DAYS,
} from '../functions/common/clock-contract.ts';

export interface ApprovalClockFunctions {
  /** Re-reads the case, applies the expiry rule at the deadline, plans the next wait. */
  readonly checkpoint: lambda.IFunction;
  /** Parks the `.waitForTaskToken` token on the case so a recorded decision can end the clock at once. */
  readonly awaitDecision: lambda.IFunction;
}

/** Retry with backoff on every Task that touches a service: 2, 4, 8, 16, 32 s, then the execution fails loudly. */
const serviceRetry: sfn.RetryProps = {
  errors: ['States.TaskFailed'],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 5,
};

/**
 * The approval clock (限时办结 + 超时默认): one execution per accepted case, named by the case id, input
 * `{"caseId": "..."}`. A Parallel races two branches:
 *  - Clock: Checkpoint → Wait until the next milestone (at most MAX_WAIT_DAYS ahead, UTC "Z") → Checkpoint … The
 *    milestones are the instants the law and the centre care about, each acted on by the checkpoint with a
 *    conditional write: the yellow light (a warning to the handler and the head), the deadline (deemed consent for
 *    eligible items, which ends the branch; overdue with a supervision deadline (督办) for the others, which waits
 *    on) and, for an overdue case, its supervision deadline (still open → red card, which ends the branch).
 *  - Decision: a `.waitForTaskToken` task whose token is stored on the case; a recorded decision sends it and the
 *    branch ends with "Decided" (or "DecidedLate" on an overdue case). It times out every MAX_WAIT_DAYS and loops with a fresh token.
 * The Parallel's Catch turns each ending into a Succeed state named after it, so the console shows at a glance how
 * each approval ended. DynamoDB conditions, not branch order, decide the race; the signal only ends it sooner.
 *
 * The whole chain is safe to re-run from its start (it only reads the case and absolute timestamps): the local
 * runtime resumes executions that way after a restart, and a redrive in AWS behaves the same.
 */
export function buildApprovalClock(scope: Construct, fns: ApprovalClockFunctions): sfn.IChainable {
  const checkpoint = new tasks.LambdaInvoke(scope, 'Checkpoint', {
    lambdaFunction: fns.checkpoint,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId') }),
    comment:
      'Re-read the case; raise the warning or apply the rule due now (yellow, deadline, red card); plan the next wait',
    taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
  });
  checkpoint.addRetry(serviceRetry);

  const waitUntilCheckpoint = new sfn.Wait(scope, 'WaitUntilCheckpoint', {
    time: sfn.WaitTime.timestampPath('$.nextCheckpoint'),
    comment: `Sleep until the next milestone ($.towards), at most ${MAX_WAIT_DAYS} days (Node timers overflow past ~24.8 days)`,
  });

  // Either branch ends the race by failing with an error the Parallel catches (see its Catch list below).
  const endRace = (id: string, error: string, cause: string) => new sfn.Fail(scope, id, { error, cause });

  const clock = checkpoint.next(
    new sfn.Choice(scope, 'AfterCheckpoint')
      .when(sfn.Condition.stringEquals('$.action', CHECKPOINT_ACTIONS.wait), waitUntilCheckpoint.next(checkpoint))
      .when(
        sfn.Condition.stringEquals('$.action', CHECKPOINT_ACTIONS.deemedApproved),
        endRace(
          'ClockAppliedDeemedApproval',
          CLOCK_ERRORS.deemedApproval,
          'Deadline passed with no decision: deemed approved (超时默认)',
        ),
      )
      .when(
        sfn.Condition.stringEquals('$.action', CHECKPOINT_ACTIONS.redCard),
        endRace(
          'ClockIssuedRedCard',
          CLOCK_ERRORS.redCard,
          'Overdue and still open at the supervision deadline (督办期限): red card',
        ),
      )
      .when(
        sfn.Condition.stringEquals('$.action', CHECKPOINT_ACTIONS.decided),
        endRace('ClockFoundDecision', CLOCK_ERRORS.decided, 'A decision was recorded before the deadline'),
      )
      .when(
        sfn.Condition.stringEquals('$.action', CHECKPOINT_ACTIONS.withdrawn),
        endRace('ClockFoundWithdrawal', CLOCK_ERRORS.withdrawn, 'The applicant withdrew the application'),
      )
      .otherwise(endRace('ClockConfused', 'UnexpectedCheckpoint', 'Checkpoint returned an unknown action')),
  );

  const awaitDecision = new tasks.LambdaInvoke(scope, 'AwaitDecision', {
    lambdaFunction: fns.awaitDecision,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      caseId: sfn.JsonPath.stringAt('$.caseId'),
      taskToken: sfn.JsonPath.taskToken,
      executionArn: sfn.JsonPath.executionId,
    }),
    // A fixed timeout (the local interpreter mis-evaluates TimeoutSecondsPath); the loop below renews the token.
    taskTimeout: sfn.Timeout.duration(Duration.days(MAX_WAIT_DAYS)),
    resultPath: '$.decision',
    comment: 'Store the task token (and this execution) on the case; a recorded decision sends it back',
  });
  awaitDecision.addRetry(serviceRetry);
  awaitDecision.addCatch(awaitDecision, { errors: ['States.Timeout'], resultPath: '$.tokenExpired' });

  const decision = awaitDecision.next(
    new sfn.Choice(scope, 'AfterDecisionSignal')
      .when(
        sfn.Condition.stringEquals('$.decision.signal', DECISION_SIGNALS.decided),
        endRace('DecisionEndsClock', CLOCK_ERRORS.decided, 'A decision was recorded before the deadline'),
      )
      .when(
        sfn.Condition.stringEquals('$.decision.signal', DECISION_SIGNALS.decidedLate),
        endRace(
          'LateDecisionEndsClock',
          CLOCK_ERRORS.decidedLate,
          'A decision was recorded on the overdue case, after the deadline',
        ),
      )
      .when(
        sfn.Condition.stringEquals('$.decision.signal', DECISION_SIGNALS.withdrawn),
        endRace(
          'WithdrawalEndsClock',
          CLOCK_ERRORS.withdrawn,
          'The applicant withdrew the application before a decision',
        ),
      )
      .when(
        sfn.Condition.stringEquals('$.decision.signal', DECISION_SIGNALS.rescheduled),
        endRace(
          'DeadlineMoved',
          CLOCK_ERRORS.rescheduled,
          'The deadline moved (a pause ended or an extension was approved): race again',
        ),
      )
      // The case closed some other way (the clock branch reports how); this branch has nothing left to wait for.
      .otherwise(new sfn.Succeed(scope, 'DecisionBranchIdle')),
  );

  const race = new sfn.Parallel(scope, 'RaceDeadlineAgainstDecision', {
    comment: 'The clock and the decision race; DynamoDB conditions decide, the first branch to end stops the other',
    resultPath: sfn.JsonPath.DISCARD,
  });
  race.branch(clock);
  race.branch(decision);
  race.addCatch(new sfn.Succeed(scope, 'Decided', { comment: 'Decided before the deadline' }), {
    errors: [CLOCK_ERRORS.decided],
    resultPath: '$.ending',
  });
  race.addCatch(new sfn.Succeed(scope, 'DeemedApproved', { comment: 'Deemed approved at the deadline (超时默认)' }), {
    errors: [CLOCK_ERRORS.deemedApproval],
    resultPath: '$.ending',
  });
  race.addCatch(
    new sfn.Succeed(scope, 'DecidedLate', { comment: 'Overdue at the deadline (督办), then decided late' }),
    { errors: [CLOCK_ERRORS.decidedLate], resultPath: '$.ending' },
  );
  race.addCatch(
    new sfn.Succeed(scope, 'RedCard', {
      comment: 'Overdue, and still open at the supervision deadline: red card to the department and supervision',
    }),
    { errors: [CLOCK_ERRORS.redCard], resultPath: '$.ending' },
  );
  // A moved deadline re-enters the race: the clock branch re-reads the case and waits for the new deadline.
  race.addCatch(race, { errors: [CLOCK_ERRORS.rescheduled], resultPath: '$.rescheduled' });
  race.addCatch(new sfn.Succeed(scope, 'Withdrawn', { comment: 'Withdrawn by the applicant before a decision' }), {
    errors: [CLOCK_ERRORS.withdrawn],
    resultPath: '$.ending',
  });
  return race;
}
