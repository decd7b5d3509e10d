import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { ClockName, FunctionName } from '../functions/manifest.ts';
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
}

/** The one list of state machines: CDK deploys them, the local runtime renders and runs the same chains. */
export const stateMachines: readonly StateMachineSpec[] = [
  {
    name: 'ApprovalClock',
    envVar: 'APPROVAL_CLOCK_ARN',
    functions: ['checkpoint', 'awaitDecision'],
    build: (scope, fns) => buildApprovalClock(scope, { checkpoint: fns.checkpoint, awaitDecision: fns.awaitDecision }),
  },
  {
    name: 'IntakeClock',
    envVar: 'INTAKE_CLOCK_ARN',
    functions: ['intakeCheckpoint'],
    build: (scope, fns) => buildIntakeClock(scope, { intakeCheckpoint: fns.intakeCheckpoint }),
  },
];
