import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { MAX_WAIT_DAYS } from '../functions/common/clock-contract.ts';

/**
 * The two shapes every clock state machine is made of. A clock kind is one entry in lib/state-machines.ts whose
 * `build` calls these (plus its policy and task handlers in functions/); nothing else in lib/ changes:
 *
 * ```ts
 * {
 *   name: 'GrievanceClock',                 // also add it to ClockName in functions/manifest.ts
 *   envVar: 'GRIEVANCE_CLOCK_ARN',
 *   functions: ['grievanceCheckpoint'],
 *   exampleInput: { caseId: EXAMPLE_CASE_ID },
 *   build: (scope, fns) =>
 *     deadlineLoop(scope, {
 *       names: { checkpoint: 'GrievanceCheckpoint', choice: 'AfterGrievanceCheckpoint', wait: 'WaitUntilDue' },
 *       checkpoint: fns.grievanceCheckpoint,
 *       payload: passInput('caseId'),
 *       comment: 'Re-read the grievance; apply what is due now; plan the next wait',
 *       waitComment: `Sleep until the next milestone, at most ${MAX_WAIT_DAYS} days`,
 *       waitAction: 'WAIT',
 *       endings: [{ action: 'OVERDUE', end: succeed(scope, 'Overdue', 'Not handled in time: under supervision') }],
 *       otherwise: succeed(scope, 'Handled', 'Handled in time'),
 *     }),
 * }
 * ```
 * Then `npm run docs:asl` writes its ASL and example input to docs/state-machines/, where a hand-written
 * `<name>.md` explains it. A clock that also waits for a decision races `deadlineLoop` against `decisionWait` in a
 * Parallel, each ending the race with `endRace` (see lib/approval-clock.ts).
 *
 * Both builders only arrange states: the names, comments, payloads and endings are the caller's, so the rendered
 * ASL of an existing clock never changes by moving it onto them (docs/state-machines/*.asl.json is the proof).
 */

/** Retry with backoff on every Task that touches a service: 2, 4, 8, 16, 32 s, then the execution fails loudly. */
export const SERVICE_RETRY: sfn.RetryProps = {
  errors: ['States.TaskFailed'],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 5,
};

/** A Task payload that passes these fields of the execution input through (`{"caseId.$": "$.caseId"}`). */
export function passInput(...fields: readonly string[]): sfn.TaskInput {
  return sfn.TaskInput.fromObject(Object.fromEntries(fields.map((f) => [f, sfn.JsonPath.stringAt(`$.${f}`)])));
}

/** A terminal state that ends the execution successfully, named after how the clock ended. */
export function succeed(scope: Construct, name: string, comment?: string): sfn.Succeed {
  return new sfn.Succeed(scope, name, { comment });
}

/** A terminal state that ends one branch of a race by failing with `error`; the Parallel's Catch turns it into an ending. */
export function endRace(scope: Construct, name: string, error: string, cause: string): sfn.Fail {
  return new sfn.Fail(scope, name, { error, cause });
}

/** When the task's result says `action` (compared at the choice's path), go to `end`. */
export interface LoopEnding {
  readonly action: string;
  readonly end: sfn.Succeed | sfn.Fail;
}

export interface DeadlineLoopProps {
  /** State names, as operators see them in the console and in each execution's history. */
  readonly names: { readonly checkpoint: string; readonly choice: string; readonly wait: string };
  /** The checkpoint Lambda: re-reads what it times, acts on what is due now, plans the next wait. */
  readonly checkpoint: lambda.IFunction;
  /** Its payload, from the execution input (the checkpoint's result replaces the state: it must carry it on). */
  readonly payload: sfn.TaskInput;
  readonly comment: string;
  /** @default SERVICE_RETRY */
  readonly retry?: sfn.RetryProps;
  /** @default one minute */
  readonly timeout?: Duration;
  readonly waitComment: string;
  /** Where the checkpoint's result says what to do. @default '$.action' */
  readonly actionPath?: string;
  /** The action that means "wait, then check again". */
  readonly waitAction: string;
  /** Where the checkpoint's result says until when to wait (a UTC `Z` timestamp). @default '$.nextCheckpoint' */
  readonly waitUntilPath?: string;
  /** Every other action and its terminal state, in the order the Choice tests them. */
  readonly endings: readonly LoopEnding[];
  /** Any action not listed. */
  readonly otherwise: sfn.Succeed | sfn.Fail;
}

/**
 * Checkpoint → Choice(action) → Wait(until the timestamp the checkpoint planned) → Checkpoint …, until an action
 * leads to one of the endings. Waits are on absolute timestamps, so the chain is safe to re-run from its start (the
 * local runtime resumes executions that way after a restart, and a redrive in AWS behaves the same).
 */
export function deadlineLoop(scope: Construct, props: DeadlineLoopProps): sfn.Chain {
  const checkpoint = new tasks.LambdaInvoke(scope, props.names.checkpoint, {
    lambdaFunction: props.checkpoint,
    payloadResponseOnly: true,
    payload: props.payload,
    comment: props.comment,
    taskTimeout: sfn.Timeout.duration(props.timeout ?? Duration.minutes(1)),
  });
  checkpoint.addRetry(props.retry ?? SERVICE_RETRY);
  const wait = new sfn.Wait(scope, props.names.wait, {
    time: sfn.WaitTime.timestampPath(props.waitUntilPath ?? '$.nextCheckpoint'),
    comment: props.waitComment,
  });
  return checkpoint.next(
    choiceOf(scope, props.names.choice, props.actionPath ?? '$.action', [
      { action: props.waitAction, next: wait.next(checkpoint) },
      ...props.endings.map((e) => ({ action: e.action, next: e.end })),
    ]).otherwise(props.otherwise),
  );
}

export interface DecisionWaitProps {
  /** State names, as operators see them. */
  readonly names: { readonly task: string; readonly choice: string };
  /** Stores the task token where the decision API finds it; the decision sends it back with a signal. */
  readonly handler: lambda.IFunction;
  /** Its payload; must carry `sfn.JsonPath.taskToken`. */
  readonly payload: sfn.TaskInput;
  readonly comment: string;
  /** @default SERVICE_RETRY */
  readonly retry?: sfn.RetryProps;
  /**
   * How long one token lives before it is renewed (the task times out and runs again with a fresh token). A fixed
   * timeout: the local interpreter mis-evaluates TimeoutSecondsPath. @default MAX_WAIT_DAYS days
   */
  readonly renewEvery?: Duration;
  /** Where the signal lands in the state. @default '$.decision' */
  readonly resultPath?: string;
  /** Where a renewal notes the expired token's error. @default '$.tokenExpired' */
  readonly renewalPath?: string;
  /** Each signal (`<resultPath>.signal`) and its terminal state, in the order the Choice tests them. */
  readonly endings: readonly LoopEnding[];
  /** Any other signal. */
  readonly otherwise: sfn.Succeed | sfn.Fail;
}

/**
 * A `.waitForTaskToken` task renewed on States.Timeout, then a Choice on the signal the token came back with: the
 * decision branch of a clock whose deadline races a decision.
 */
export function decisionWait(scope: Construct, props: DecisionWaitProps): sfn.Chain {
  const resultPath = props.resultPath ?? '$.decision';
  const task = new tasks.LambdaInvoke(scope, props.names.task, {
    lambdaFunction: props.handler,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: props.payload,
    taskTimeout: sfn.Timeout.duration(props.renewEvery ?? Duration.days(MAX_WAIT_DAYS)),
    resultPath,
    comment: props.comment,
  });
  task.addRetry(props.retry ?? SERVICE_RETRY);
  task.addCatch(task, { errors: ['States.Timeout'], resultPath: props.renewalPath ?? '$.tokenExpired' });
  return task.next(
    choiceOf(
      scope,
      props.names.choice,
      `${resultPath}.signal`,
      props.endings.map((e) => ({ action: e.action, next: e.end })),
    ).otherwise(props.otherwise),
  );
}

function choiceOf(
  scope: Construct,
  name: string,
  path: string,
  branches: readonly { readonly action: string; readonly next: sfn.IChainable }[],
): sfn.Choice {
  const choice = new sfn.Choice(scope, name);
  for (const branch of branches) choice.when(sfn.Condition.stringEquals(path, branch.action), branch.next);
  return choice;
}
