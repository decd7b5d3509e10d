import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type Duty, policyOf } from '../domain/duty.ts';
import type { ClockKey, ClockRecord } from '../store/clocks.ts';
import { clientFor } from './aws-endpoint.ts';
import { type ClockInput, DECISION_SIGNALS, type DecisionSignal } from './clock-contract.ts';
import { logger } from './logger.ts';
import { METRIC_DUTY } from './metrics.ts';
import { metric } from './observability.ts';

/** Step Functions client; `STEPFUNCTIONS_ENDPOINT` points it at the local runtime's endpoint. */
const sfn = clientFor('STEPFUNCTIONS_ENDPOINT', (config) => new SFNClient(config));

/** The environment variable that carries each duty's state machine ARN (set by CDK and the local runtime). */
const STATE_MACHINE_ENV: Readonly<Record<Duty, string>> = {
  APPROVAL: 'APPROVAL_CLOCK_ARN',
  INTAKE_REVIEW: 'INTAKE_CLOCK_ARN',
  // One state machine runs every grievance stage; the execution's input names the duty (`startClock`).
  GRIEVANCE_ACCEPT: 'GRIEVANCE_CLOCK_ARN',
  GRIEVANCE_HANDLE: 'GRIEVANCE_CLOCK_ARN',
  GRIEVANCE_REVIEW: 'GRIEVANCE_CLOCK_ARN',
  GRIEVANCE_REVIEW_WINDOW: 'GRIEVANCE_CLOCK_ARN',
  GRIEVANCE_REREVIEW: 'GRIEVANCE_CLOCK_ARN',
  GRIEVANCE_REREVIEW_WINDOW: 'GRIEVANCE_CLOCK_ARN',
  RATING_CONTACT: 'RATING_CONTACT_CLOCK_ARN',
  RATING_RECTIFY: 'RATING_RECTIFY_CLOCK_ARN',
  // One state machine runs a joint approval and each department's opinion; the input names the duty.
  JOINT_APPROVAL: 'JOINT_APPROVAL_CLOCK_ARN',
  JOINT_OPINION: 'JOINT_APPROVAL_CLOCK_ARN',
  INVESTIGATION: 'INVESTIGATION_CLOCK_ARN',
  VISIT_RECTIFY: 'VISIT_RECTIFICATION_CLOCK_ARN',
};

function stateMachineArn(duty: Duty): string {
  const name = STATE_MACHINE_ENV[duty];
  const arn = process.env[name];
  if (!arn) throw new Error(`${name} is not set: the deployment must pass the ${duty} clock's state machine ARN`);
  return arn;
}

/** The execution ARN of a clock: its name is fixed by the policy (an approval's is the case id itself). */
export function executionArnOf(key: ClockKey): string {
  return `${stateMachineArn(key.duty).replace(':stateMachine:', ':execution:')}:${policyOf(key.duty).executionName(key.subject)}`;
}

/**
 * Starts a clock's execution. Idempotent: the execution's name is fixed by the policy and its input is fixed, so a
 * retry returns the running execution; a finished one with that name means the clock already ran.
 */
export async function startClock(key: ClockKey): Promise<string> {
  // The state machines take the case id (operators know that input); a clock of another subject kind names it here.
  // A grievance's stages share one state machine: their input names the duty the checkpoint reads.
  // So do a joint approval and its departments' opinions (subject `<project id>/<department id>` for an opinion).
  const input: ClockInput =
    key.duty.startsWith('GRIEVANCE_') || key.duty.startsWith('JOINT_')
      ? { caseId: key.subject, duty: key.duty }
      : { caseId: key.subject };
  try {
    const out = await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(key.duty),
        name: policyOf(key.duty).executionName(key.subject),
        input: JSON.stringify(input),
      }),
    );
    metric('ClocksStarted', 1, METRIC_DUTY[key.duty]);
    return out.executionArn ?? executionArnOf(key);
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return executionArnOf(key);
    throw error;
  }
}

/**
 * Starts the execution of a clock just written. The clock records itself with its first write (the decision token)
 * or its start is recorded by the reconciler, which also repairs a start that failed here (the clock record stands,
 * on the `unstartedClocks` index).
 */
export async function startClockOf(key: ClockKey): Promise<void> {
  try {
    await startClock(key);
  } catch (error) {
    logger.error('clock not started; the reconciler will start it', { ...key, error: error as Error });
  }
}

/** The status of a clock's execution, or undefined if it does not exist. */
export async function clockStatus(key: ClockKey): Promise<string | undefined> {
  try {
    const out = await sfn().send(new DescribeExecutionCommand({ executionArn: executionArnOf(key) }));
    return out.status;
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
}

/**
 * Wakes the clock's decision branch. Best effort by design: the decision is already recorded in DynamoDB, and a
 * lost signal only means the clock notices at its next checkpoint instead of now.
 */
export async function signalDecision(taskToken: string, signal: DecisionSignal): Promise<boolean> {
  try {
    await sfn().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(signal) }));
    return true;
  } catch (error) {
    logger.warn('decision signal not delivered; the clock will notice at its next checkpoint', {
      caseId: signal.caseId,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return false;
  }
}

/**
 * Wakes a clock whose deadline moved (a resume, an approved extension): RESCHEDULED on its decision token ends the
 * race, and the next race's checkpoint plans around the new deadline. Sent by the move right after its write, and
 * again by the reconciler while the clock still carries the move's `replanOwed` marker (the first was lost).
 * @param status the case's status, for the execution's history.
 * @returns whether the signal was delivered.
 */
export async function signalRescheduled(clock: Pick<ClockRecord, 'subject' | 'taskToken'>, status: string) {
  if (!clock.taskToken) return false;
  return signalDecision(clock.taskToken, { caseId: clock.subject, signal: DECISION_SIGNALS.rescheduled, status });
}
