import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionName } from '../../functions/manifest.ts';
import type { StateMachineSpec } from '../state-machines.ts';
import { acknowledge, acknowledgeWildcardResource } from './nag.ts';

export interface ClockStateMachineProps {
  /** The entry of `lib/state-machines.ts` to deploy. */
  readonly spec: StateMachineSpec;
  /** The deployed functions, by manifest name; the chain takes the ones it invokes. */
  readonly functions: Record<FunctionName, lambda.IFunction>;
  /**
   * Name of the state machine. Operators find an approval in the console as
   * `arn:<partition>:states:<region>:<account>:execution:<stateMachineName>:<caseId>`, so it is fixed and readable.
   * @default `${stackName}-${spec.name}`
   */
  readonly stateMachineName?: string;
  /**
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A Standard state machine whose definition is `spec.build(…)`, the very chain `lib/render.ts` renders for the local
 * runtime (a test asserts the two ASL documents are equal). Nothing here may change the definition: no comment, no
 * timeout, no query language — those live in the chain, or the local runtime would run something else.
 *
 * Every execution is logged at level ALL (each state entered and left, each task scheduled, started, succeeded or
 * failed, with its time) but without execution data, and traced with X-Ray. Execution data would put every state's
 * input and output in the log group, and the awaitDecision task's input is its task token: whoever can read the
 * logs could end a clock with SendTaskSuccess. The data stays in the execution history (GetExecutionHistory, 90
 * days), which only the operators' IAM principals read.
 */
export class ClockStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly spec: StateMachineSpec;
  readonly stateMachineName: string;
  readonly logGroup: logs.LogGroup;
  /** `arn:…:execution:<stateMachineName>:*`: every execution of this state machine. */
  readonly anyExecutionArn: string;

  constructor(scope: Construct, id: string, props: ClockStateMachineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.spec = props.spec;
    this.stateMachineName = props.stateMachineName ?? `${stack.stackName}-${props.spec.name}`;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // The chain's states are children of their own scope, apart from the state machine's resources.
    const definition = props.spec.build(new Construct(this, 'Definition'), props.functions);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: this.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    this.anyExecutionArn = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const role = this.stateMachine.role;
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Step Functions logging to CloudWatch Logs (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) support no resource-level permissions.',
    );
    for (const name of new Set(props.spec.functions)) {
      acknowledgeWildcardResource(
        role,
        `${props.functions[name].functionArn}:*`,
        `LambdaInvoke grants the ${name} function and its versions and aliases (ARN:*), as CDK does for every Lambda task; it names no other function.`,
      );
    }
  }
}
