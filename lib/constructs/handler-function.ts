import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName, FunctionSpec, TableGrant } from '../../functions/manifest.ts';
import { type TableKey, tables } from '../../functions/store/tables.ts';
import { LAMBDA_ALIASES, LAMBDA_BUNDLING } from '../lambda-bundling.ts';
import type { ClockStateMachine } from './clock-state-machine.ts';
import { acknowledge, acknowledgeWildcardResource } from './nag.ts';

/**
 * Runtime of every function. Node 22 (LTS): the code is written and tested for Node 20+, and the Lambda runtime line
 * is moved on purpose, with a test run, rather than whenever a newer one appears.
 */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_22_X;

/**
 * The functions' service name (POWERTOOLS_SERVICE_NAME): the `service` field of every log line and the `service`
 * dimension of every metric (functions/common/metrics.ts). The stack's name, so that two stages deployed in one
 * account never add up in one metric nor fire each other's alarms.
 */
export function serviceNameOf(scope: Construct): string {
  // The top-level stack's: a function in a nested stack (an API area) belongs to the same service.
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack.stackName;
}

export interface HandlerFunctionProps {
  /** The function's key in `functions/manifest.ts`. */
  readonly name: FunctionName;
  /** Its manifest entry. */
  readonly spec: FunctionSpec;
  /** The deployed tables, by key; the function gets the ones its spec lists and nothing else. */
  readonly tables: Record<TableKey, dynamodb.ITableV2>;
  /** Repository root: `spec.entry` is relative to it, and it holds `package-lock.json`. */
  readonly projectRoot: string;
  /**
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Removal policy of the function's log group.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Concurrent executions reserved for this function: guaranteed to it (nothing else in the account can take them)
   * and the most it may run at once.
   * @default - none reserved: the function draws on the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
}

/**
 * One Lambda function of the manifest: the handler module bundled with the local esbuild (no Docker) as an ESM file,
 * its own log group, and its own role holding exactly the grants the manifest lists.
 *
 * The role is written here rather than taken from Lambda's default: the default attaches the
 * AWSLambdaBasicExecutionRole managed policy (CreateLogGroup and PutLogEvents on every log group of the account);
 * this role may write to its own log group only.
 */
export class HandlerFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly name: FunctionName;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.name = props.name;
    this.spec = spec;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `xiaoneng ${props.name}: ${spec.description}`.slice(0, 1000),
    });
    this.logGroup.grantWrite(this.role);

    const tableKeys = Object.keys(spec.tables) as TableKey[];
    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: serviceNameOf(this),
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const key of tableKeys) environment[tables[key].envVar] = props.tables[key].tableName;

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(props.projectRoot, spec.entry),
      handler: 'handler',
      description: spec.description.slice(0, 256),
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment,
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      bundling: {
        // lib/lambda-bundling.ts, which the cold-start benchmark and the bundle test share.
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        banner: LAMBDA_BUNDLING.banner.js,
        target: LAMBDA_BUNDLING.target,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourcemap,
        sourcesContent: LAMBDA_BUNDLING.sourcesContent,
        externalModules: [...LAMBDA_BUNDLING.external],
        // NodejsFunction has no `alias`: esbuild's flag, `--alias:<module>=<path>` (bundled from the root).
        esbuildArgs: { '--alias': Object.entries(LAMBDA_ALIASES).map(([module, path]) => `${module}=${path}`) },
      },
    });

    acknowledge(
      this.function,
      'AwsSolutions-L1',
      `${FUNCTION_RUNTIME.name} on purpose: the project is developed and tested on Node 20/22 (package.json engines, the local runtime); the Lambda runtime moves to a newer line with a test run, not when cdk-nag learns of one.`,
    );

    for (const key of tableKeys) this.grantTable(props.tables[key], spec.tables[key] as TableGrant);

    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions (Resource must be *).',
    );
  }

  /**
   * Exactly the grant of the manifest: its actions on the table, and Query on each index it names (each index by
   * its own ARN, so no `index/*` wildcard). No `grantReadData`/`grantReadWriteData`: those bring Scan, DeleteItem,
   * BatchWriteItem and every index, which no function needs all of.
   */
  private grantTable(table: dynamodb.ITableV2, grant: TableGrant): void {
    const actions = (grant.actions ?? []).map((action) => `dynamodb:${action}`);
    if (actions.length > 0) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
    }
    const indexes = grant.indexes ?? [];
    if (indexes.length > 0) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
  }

  /** Lets the function start executions of `clock` and passes the state machine's ARN in the clock's env var. */
  allowStartExecution(clock: ClockStateMachine): void {
    this.function.addEnvironment(clock.spec.envVar, clock.stateMachine.stateMachineArn);
    clock.stateMachine.grantStartExecution(this.function);
  }

  /** Lets the function describe executions of `clock` and passes the state machine's ARN in the clock's env var. */
  allowDescribeExecution(clock: ClockStateMachine): void {
    this.function.addEnvironment(clock.spec.envVar, clock.stateMachine.stateMachineArn);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [clock.anyExecutionArn] }),
    );
    acknowledgeWildcardResource(
      this.role,
      clock.anyExecutionArn,
      `Reads executions of the ${clock.spec.name} state machine only; they are named by case id, known only at run time.`,
    );
  }

  /**
   * Lets the function answer `.waitForTaskToken` tasks (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat).
   * In a policy of its own, so the acknowledgement of its `Resource: *` covers this statement and nothing else.
   */
  allowTaskResponses(): void {
    const policy = new iam.Policy(this, 'TaskResponsePolicy', {
      statements: [
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          // These actions support no resource-level permission: the task token itself is the credential. Naming the
          // state machine here would also make the state machine and awaitDecision (which it invokes) a cycle.
          resources: ['*'],
        }),
      ],
    });
    policy.attachToRole(this.role);
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'states:SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat support no resource-level permissions; the task token is the credential. A resource ARN here would also create a dependency cycle between the approval clock and awaitDecision.',
    );
  }
}
