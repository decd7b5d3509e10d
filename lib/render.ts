import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { type FunctionName, functions } from '../functions/manifest.ts';
import type { StateMachineSpec } from './state-machines.ts';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

/** The placeholder ARN a function has in the locally rendered ASL (and in the synthesized-vs-local comparison). */
export function placeholderFunctionArn(name: FunctionName): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:xiaoneng-${name}`;
}

/**
 * Render a state machine's chain to ASL exactly as CDK would deploy it, with placeholder function ARNs in place of
 * the deployed functions' ARNs. The local runtime runs this document.
 */
export function renderStateMachine(spec: StateMachineSpec): Record<string, unknown> {
  const app = new App();
  const stack = new Stack(app, 'Render', { env: { region: LOCAL_REGION, account: LOCAL_ACCOUNT } });
  const fns = Object.fromEntries(
    (Object.keys(functions) as FunctionName[]).map((name) => [
      name,
      lambda.Function.fromFunctionArn(stack, `Fn-${name}`, placeholderFunctionArn(name)),
    ]),
  ) as Record<FunctionName, lambda.IFunction>;
  const chain = spec.build(stack, fns);
  const graph = new sfn.StateGraph(chain.startState, `State machine ${spec.name}`);
  return stack.resolve(graph.toGraphJson()) as Record<string, unknown>;
}
