import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type ClockInput, type DecisionSignal, intakeExecutionName } from '../workflow/clock-contract.ts';
import { clientConfig } from './aws-endpoint.ts';
import { logger } from './logger.ts';
import { metric } from './observability.ts';

let client: SFNClient | undefined;

/** Step Functions client; `STEPFUNCTIONS_ENDPOINT` points it at the local runtime's endpoint. */
function sfn(): SFNClient {
  client ??= new SFNClient(clientConfig('STEPFUNCTIONS_ENDPOINT'));
  return client;
}

function clockArn(): string {
  const arn = process.env.APPROVAL_CLOCK_ARN;
  if (!arn) throw new Error('APPROVAL_CLOCK_ARN is not set: the deployment must pass the approval clock ARN');
  return arn;
}

/** The execution ARN of a case's clock: executions are named by the case id. */
export function executionArnOf(caseId: string): string {
  return `${clockArn().replace(':stateMachine:', ':execution:')}:${caseId}`;
}

/**
 * Starts the case's clock. Idempotent: the execution is named by the case id and its input is fixed, so a retry
 * returns the running execution; a finished one with that name means the clock already ran.
 */
export async function startClock(caseId: string): Promise<string> {
  const input: ClockInput = { caseId };
  try {
    const out = await sfn().send(
      new StartExecutionCommand({ stateMachineArn: clockArn(), name: caseId, input: JSON.stringify(input) }),
    );
    metric('ClocksStarted');
    return out.executionArn ?? executionArnOf(caseId);
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return executionArnOf(caseId);
    throw error;
  }
}

/**
 * Starts the clock of a just-accepted case. The clock records itself on the case with its first write (the decision
 * token, see `storeDecisionToken`), which also takes the case off the unstarted-clocks index; a start that failed, or
 * an execution that never got that far, is repaired by the reconciler (the case stands).
 */
export async function startClockOf(caseId: string): Promise<void> {
  try {
    await startClock(caseId);
  } catch (error) {
    logger.error('approval clock not started; the reconciler will start it', { caseId, error: error as Error });
  }
}

/** Starts the intake clock of a case received for review (idempotent like startClock). */
export async function startIntakeClock(caseId: string): Promise<void> {
  const arn = process.env.INTAKE_CLOCK_ARN;
  if (!arn) throw new Error('INTAKE_CLOCK_ARN is not set: the deployment must pass the intake clock ARN');
  const input: ClockInput = { caseId };
  try {
    await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        name: intakeExecutionName(caseId),
        input: JSON.stringify(input),
      }),
    );
    metric('ClocksStarted', 1, 'intake');
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/** The status of a case's clock execution, or undefined if it does not exist. */
export async function clockStatus(caseId: string): Promise<string | undefined> {
  try {
    const out = await sfn().send(new DescribeExecutionCommand({ executionArn: executionArnOf(caseId) }));
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
