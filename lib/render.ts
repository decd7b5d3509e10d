import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { type FunctionName, functions } from '../functions/manifest.ts';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION, placeholderFunctionArn } from './local-account.ts';
import type { StateMachineSpec } from './state-machines.ts';

export { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION, placeholderFunctionArn } from './local-account.ts';

/**
 * Render a state machine's chain to ASL exactly as CDK would deploy it, with placeholder function ARNs in place of
 * the deployed functions' ARNs. The local runtime runs this document.
 */
export function renderStateMachine(spec: StateMachineSpec): Record<string, unknown> {
  // An App without an outdir makes a `cdk.out*` folder in the temporary folder and removes it only when the process
  // exits normally; a runtime that is killed (as the crash tests do on purpose) would leave one per state machine.
  // Nothing is synthesized here, so the folder is made and removed around the render.
  const outdir = mkdtempSync(join(tmpdir(), 'xiaoneng-render-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Render', { env: { region: LOCAL_REGION, account: LOCAL_ACCOUNT } });
    const fns = Object.fromEntries(
      (Object.keys(functions) as FunctionName[]).map((name) => [
        name,
        lambda.Function.fromFunctionArn(stack, `Fn-${name}`, placeholderFunctionArn(name)),
      ]),
    ) as Record<FunctionName, lambda.IFunction>;
    const chain = spec.build(stack, fns);
    const graph = new sfn.StateGraph(chain.startState, `State machine ${spec.name}`);
    // Integration ARNs such as `arn:${AWS::Partition}:states:::lambda:invoke.waitForTaskToken` resolve to a
    // CloudFormation Fn::Join even with a concrete region; the local runtime needs plain strings.
    return localize(stack.resolve(graph.toGraphJson()), spec.name) as Record<string, unknown>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Pseudo parameters as the local runtime sees them. */
const LOCAL_PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Partition': LOCAL_PARTITION,
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Replaces `{Ref: AWS::<pseudo parameter>}` with its local value and folds `Fn::Join`s of strings. Any other
 * CloudFormation intrinsic has no local meaning: rendering fails, naming it.
 */
function localize(value: unknown, machine: string): unknown {
  if (Array.isArray(value)) return value.map((item) => localize(item, machine));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (
    keys.length === 1 &&
    keys[0] === 'Ref' &&
    typeof record.Ref === 'string' &&
    record.Ref in LOCAL_PSEUDO_PARAMETERS
  ) {
    return LOCAL_PSEUDO_PARAMETERS[record.Ref];
  }
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [delimiter, parts] = record['Fn::Join'] as [string, unknown[]];
    const localized = parts.map((part) => localize(part, machine));
    if (localized.every((part) => typeof part === 'string')) return localized.join(delimiter);
  }
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::'))) {
    throw new Error(
      `State machine ${machine} renders a CloudFormation intrinsic with no local value: ${JSON.stringify(value)}`,
    );
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, localize(item, machine)]));
}
