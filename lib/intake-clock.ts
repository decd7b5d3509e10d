import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { INTAKE_ACTIONS, INTAKE_REVIEW_WORKING_DAYS, MAX_WAIT_DAYS } from '../functions/common/clock-contract.ts';

/**
 * The intake clock (Licensing Law Art.32): an application received for review (收件) must be accepted, or answered
 * with a one-time notice, within 5 working days; otherwise it counts as accepted from receipt. One execution per
 * such case, named `<case id>-intake`, input `{"caseId"}`: IntakeCheckpoint → wait until the review deadline (in
 * chunks of at most MAX_WAIT_DAYS) → IntakeCheckpoint … The checkpoint applies the deemed acceptance by a
 * conditional write and starts the approval clock; staff action before then ends this clock as "AcceptanceHandled".
 */
export function buildIntakeClock(
  scope: Construct,
  fns: { readonly intakeCheckpoint: lambda.IFunction },
): sfn.IChainable {
  const checkpoint = new tasks.LambdaInvoke(scope, 'IntakeCheckpoint', {
    lambdaFunction: fns.intakeCheckpoint,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId') }),
    comment: `Still not accepted nor noticed ${INTAKE_REVIEW_WORKING_DAYS} working days after receipt? Then accepted from receipt`,
    taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
  });
  checkpoint.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 5 });
  const wait = new sfn.Wait(scope, 'WaitUntilReviewDeadline', {
    time: sfn.WaitTime.timestampPath('$.nextCheckpoint'),
    comment: `Sleep until the review deadline, or at most ${MAX_WAIT_DAYS} days`,
  });
  return checkpoint.next(
    new sfn.Choice(scope, 'AfterIntakeCheckpoint')
      .when(sfn.Condition.stringEquals('$.action', INTAKE_ACTIONS.wait), wait.next(checkpoint))
      .when(
        sfn.Condition.stringEquals('$.action', INTAKE_ACTIONS.deemedAccepted),
        new sfn.Succeed(scope, 'DeemedAccepted', { comment: 'No action in time: accepted from receipt (Art.32)' }),
      )
      .otherwise(new sfn.Succeed(scope, 'AcceptanceHandled', { comment: 'Staff accepted it or gave notice in time' })),
  );
}
