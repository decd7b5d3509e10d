import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { ClockName, FunctionName } from '../functions/manifest.ts';
import type { ClockInput } from '../functions/workflow/clock-contract.ts';
import { buildApprovalClock } from './approval-clock.ts';
import { buildIntakeClock } from './intake-clock.ts';

export interface StateMachineSpec {
  /** Construct id in CDK and the state machine name locally. */
  readonly name: ClockName;
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

/** The one list of state machines: CDK deploys them, the local runtime renders and runs the same chains. */
export const stateMachines: readonly StateMachineSpec[] = [
  {
    name: 'ApprovalClock',
    envVar: 'APPROVAL_CLOCK_ARN',
    functions: ['checkpoint', 'awaitDecision'],
    build: (scope, fns) => buildApprovalClock(scope, { checkpoint: fns.checkpoint, awaitDecision: fns.awaitDecision }),
    exampleInput: { caseId: EXAMPLE_CASE_ID },
  },
  {
    name: 'IntakeClock',
    envVar: 'INTAKE_CLOCK_ARN',
    functions: ['intakeCheckpoint'],
    build: (scope, fns) => buildIntakeClock(scope, { intakeCheckpoint: fns.intakeCheckpoint }),
    exampleInput: { caseId: EXAMPLE_CASE_ID },
  },
];
