import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../functions/common/roles.ts';
import { routes } from '../../functions/http/routes.ts';
import { type FunctionName, type FunctionSpec, functions } from '../../functions/manifest.ts';
import { schedules } from '../../functions/schedule/schedules.ts';
import { allTables, type TableKey, tables } from '../../functions/store/tables.ts';
import { readDeploySettings } from '../../lib/constructs/settings.ts';
import { stateMachines } from '../../lib/state-machines.ts';
import { type Synthesized, synthesize, unacknowledgedNagFindings } from './synth.ts';

type Json = Record<string, unknown>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const entries = Object.entries(functions) as [FunctionName, FunctionSpec][];

/** Every statement of every identity policy and resource policy in the template. */
function allStatements(synth: Synthesized): { where: string; statement: Statement }[] {
  const found: { where: string; statement: Statement }[] = [];
  const collect = (where: string, document: unknown) => {
    for (const statement of asArray(((document as Json | undefined)?.Statement ?? []) as Statement[])) {
      found.push({ where, statement });
    }
  };
  for (const [id, resource] of Object.entries(synth.template.toJSON().Resources as Record<string, Json>)) {
    const props = (resource.Properties ?? {}) as Json;
    if (props.PolicyDocument) collect(id, props.PolicyDocument);
    if (props.AssumeRolePolicyDocument) collect(id, props.AssumeRolePolicyDocument);
    if (props.KeyPolicy) collect(id, props.KeyPolicy);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (props.Policies as { PolicyDocument: unknown }[] | undefined) ?? []) {
        collect(id, policy.PolicyDocument);
      }
    }
  }
  return found;
}

/** The statements of the identity policies attached to one function's role. */
function roleStatements(synth: Synthesized, name: FunctionName): Statement[] {
  const roleId = synth.stack.getLogicalId(synth.stack.functions[name].role.node.defaultChild as never);
  const policies = synth.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap((p) =>
    asArray(((p as Json).Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement),
  );
}

const actionsOf = (statements: Statement[]) => new Set(statements.flatMap((s) => asArray(s.Action)));

describe('XiaonengStack', () => {
  let synth: Synthesized;
  beforeAll(() => {
    // Prepare
    synth = synthesize({ alarmEmail: 'ops@example.org' });
  });

  describe('tables', () => {
    it.each(allTables.map((spec) => [spec.name, spec] as const))(
      '%s has its keys and indexes, point-in-time recovery and encryption',
      (_name, spec) => {
        // Assess
        synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
          KeySchema: [
            { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
            ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' }] : []),
          ],
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          Replicas: [
            Match.objectLike({
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              DeletionProtectionEnabled: true,
            }),
          ],
          GlobalSecondaryIndexes:
            spec.indexes.length === 0
              ? Match.absent()
              : spec.indexes.map((index) => ({
                  IndexName: index.indexName,
                  KeySchema: [
                    { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
                    ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
                  ],
                  Projection: { ProjectionType: 'ALL' },
                })),
        });
      },
    );

    it('are kept when the stack goes away', () => {
      // Assess
      const found = synth.template.findResources('AWS::DynamoDB::GlobalTable');
      expect(Object.keys(found)).toHaveLength(allTables.length);
      for (const table of Object.values(found)) {
        expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    });
  });

  describe('functions', () => {
    it.each(entries)(
      '%s gets the environment and table grants of its manifest entry, and nothing else',
      (name, spec) => {
        // Prepare
        const needed = new Set<TableKey>([...spec.reads, ...spec.writes]);
        const statements = roleStatements(synth, name);
        const tableArn = (key: TableKey) => ({
          'Fn::GetAtt': [synth.stack.getLogicalId(synth.stack.tables[key].node.defaultChild as never), 'Arn'],
        });
        const actionsOn = (key: TableKey) =>
          actionsOf(
            statements.filter((s) => JSON.stringify(asArray(s.Resource)).includes(JSON.stringify(tableArn(key)))),
          );

        // Assess: environment
        const fn = synth.template.toJSON().Resources[synth.logicalIdOf(name)] as { Properties: Json };
        const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
        const clocks = new Set<string>([
          ...((spec as FunctionSpec).startsClocks ?? []),
          ...((spec as FunctionSpec).readsClocks ?? []),
        ]);
        const clockVars = stateMachines.filter((m) => clocks.has(m.name)).map((m) => m.envVar);
        expect(Object.keys(variables).sort()).toEqual(
          [
            ...[...needed].map((k) => tables[k].envVar),
            ...clockVars,
            ...((spec as FunctionSpec).publishesEvents ? ['EVENT_BUS_NAME'] : []),
            ...((spec as FunctionSpec).checkpoints ? ['ANCHOR_BUCKET', 'ANCHOR_KEY_ID'] : []),
            'POWERTOOLS_SERVICE_NAME',
            'NODE_OPTIONS',
          ].sort(),
        );
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          Timeout: spec.timeoutSeconds ?? 10,
        });

        // Assess: grants
        for (const key of Object.keys(tables) as TableKey[]) {
          const actions = actionsOn(key);
          if ((spec.writes as readonly TableKey[]).includes(key)) expect(actions).toContain('dynamodb:PutItem');
          else if ((spec.reads as readonly TableKey[]).includes(key)) {
            expect(actions).toContain('dynamodb:Query');
            expect(actions).not.toContain('dynamodb:PutItem');
            expect(actions).not.toContain('dynamodb:UpdateItem');
          } else expect(actions.size).toBe(0);
        }
        const all = actionsOf(statements);
        expect(all.has('states:StartExecution')).toBe(((spec as FunctionSpec).startsClocks ?? []).length > 0);
        expect(all.has('states:DescribeExecution')).toBe(((spec as FunctionSpec).readsClocks ?? []).length > 0);
        expect(all.has('states:SendTaskSuccess')).toBe(Boolean(spec.signalsClock));
      },
    );

    it('the functions a state machine invokes do not receive its ARN (no dependency cycle)', () => {
      // Assess
      for (const machine of stateMachines) {
        for (const name of machine.functions) {
          const fn = synth.template.toJSON().Resources[synth.logicalIdOf(name)] as { Properties: Json };
          expect(JSON.stringify(fn.Properties.Environment)).not.toContain(machine.envVar);
        }
      }
    });
  });

  describe('HTTP API', () => {
    it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
      '%s exists with its authorization',
      (key, route) => {
        // Assess
        synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: key,
          AuthorizationType: 'public' in route.access ? 'NONE' : 'JWT',
          AuthorizerId: 'public' in route.access ? Match.absent() : Match.anyValue(),
        });
        const [integrationId] = Object.keys(
          synth.template.findResources('AWS::ApiGatewayV2::Integration', {
            Properties: { IntegrationUri: { 'Fn::GetAtt': [synth.logicalIdOf(route.function), 'Arn'] } },
          }),
        );
        expect(integrationId).toBeDefined();
        synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: key,
          Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
        });
      },
    );

    it('has exactly the routes of the route table', () => {
      // Assess
      synth.template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    });

    it('accepts tokens of the created user pool, logs access as JSON and throttles the stage', () => {
      // Assess
      const poolId = synth.stack.getLogicalId(synth.stack.userDirectory?.userPool.node.defaultChild as never);
      const clientId = synth.stack.getLogicalId(synth.stack.userDirectory?.client.node.defaultChild as never);
      synth.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        JwtConfiguration: {
          Audience: [{ Ref: clientId }],
          Issuer: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.', { Ref: poolId }])] }),
        },
      });
      const stage = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Stage'))[0] as { Properties: Json };
      const logs = stage.Properties.AccessLogSettings as { Format: string };
      expect(() => JSON.parse(logs.Format)).not.toThrow();
      expect(stage.Properties.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
      });
    });
  });

  describe('user pool', () => {
    it('has a group per role and a department attribute the app client may read but not write', () => {
      // Assess
      for (const role of roles)
        synth.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
      synth.template.hasResourceProperties('AWS::Cognito::UserPool', {
        Schema: Match.arrayWith([Match.objectLike({ Name: 'department', AttributeDataType: 'String' })]),
        MfaConfiguration: 'ON',
      });
      const client = Object.values(synth.template.findResources('AWS::Cognito::UserPoolClient'))[0] as {
        Properties: Json;
      };
      expect(client.Properties.ReadAttributes).toContain('custom:department');
      expect(client.Properties.WriteAttributes).not.toContain('custom:department');
    });
  });

  describe('schedules', () => {
    it.each(schedules.map((s) => [s.name, s] as const))(
      '%s is a rule targeting its function with a DLQ',
      (_name, spec) => {
        // Assess
        synth.template.hasResourceProperties('AWS::Events::Rule', {
          ScheduleExpression: spec.expression,
          Targets: [
            Match.objectLike({
              Arn: { 'Fn::GetAtt': [synth.logicalIdOf(spec.function), 'Arn'] },
              DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
              RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
            }),
          ],
        });
      },
    );

    it.each(schedules.map((s) => [s.name, s] as const))(
      "%s: a run that fails after Lambda's retries lands in a queue too (on-failure destination)",
      (_name, spec) => {
        synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: synth.logicalIdOf(spec.function) },
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
        });
      },
    );

    it('dead-letter queues are encrypted and refuse plain HTTP', () => {
      // Assess
      // One per schedule, and the stream readers' on-failure queue.
      synth.template.resourceCountIs('AWS::SQS::Queue', schedules.length + 1);
      synth.template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });
  });

  describe('notifications', () => {
    it('the stream reader follows the Cases stream in order, retries, and sends what it gives up on to a queue', () => {
      // Assess
      synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
      // Two readers, each with its own position: the notifications and the anchor (docs/tamper-evidence.md).
      synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
      for (const reader of ['notify', 'anchor'] as const) {
        synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: synth.logicalIdOf(reader) },
          EventSourceArn: {
            'Fn::GetAtt': [synth.stack.getLogicalId(synth.stack.tables.cases.node.defaultChild as never), 'StreamArn'],
          },
          StartingPosition: 'TRIM_HORIZON',
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
        });
      }
    });

    it('only the functions that publish may put events, and only on the bus', () => {
      // Assess
      const busArn = {
        'Fn::GetAtt': [synth.stack.getLogicalId(synth.stack.eventBus.node.defaultChild as never), 'Arn'],
      };
      for (const [name, spec] of entries) {
        const puts = roleStatements(synth, name).filter((st) => actionsOf([st]).has('events:PutEvents'));
        if ((spec as FunctionSpec).publishesEvents) {
          expect(puts.map((st) => st.Resource)).toEqual([busArn]);
        } else expect(puts).toEqual([]);
      }
    });
  });

  describe('alarms', () => {
    it('watch every state machine, every function, every schedule and clock repairs', () => {
      // Assess
      const alarms = Object.values(synth.template.findResources('AWS::CloudWatch::Alarm')) as { Properties: Json }[];
      const metrics = alarms.map((a) => a.Properties.MetricName);
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
        expect(metrics.filter((m) => m === metric)).toHaveLength(stateMachines.length);
      }
      expect(metrics.filter((m) => m === 'Errors')).toHaveLength(entries.length);
      expect(metrics.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(schedules.length + 1);
      expect(metrics).toContain('ClockRepairs');
      synth.template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: '{ $.message = "clock repaired" }',
        LogGroupName: {
          Ref: synth.stack.getLogicalId(synth.stack.functions.reconcile.logGroup.node.defaultChild as never),
        },
      });
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    });
  });

  describe('policies and findings', () => {
    it('no Allow statement grants the action * or service:*', () => {
      // Assess (Deny statements may: `Deny sqs:*` without TLS is what enforceSSL writes)
      const wildcards = allStatements(synth)
        .filter(({ statement }) => statement.Effect === 'Allow')
        .flatMap(({ where, statement }) =>
          asArray(statement.Action)
            .filter((action) => action === '*' || /^[a-z0-9-]+:\*$/i.test(action))
            .map((action) => `${where}: ${action}`),
        );
      expect(wildcards).toEqual([]);
    });

    it('cdk-nag (AwsSolutions) has no unacknowledged finding', () => {
      // Act
      const findings = unacknowledgedNagFindings(synth.app);

      // Assess
      expect(findings).toEqual([]);
    });

    it('CDK itself reports no error or warning', () => {
      // Assess
      const annotations = Annotations.fromStack(synth.stack);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
      expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    });

    it('outputs the API URL, table names, state machine ARNs, user pool ids and the console link pattern', () => {
      // Assess
      const outputs = Object.keys(synth.template.toJSON().Outputs as Json);
      expect(outputs).toEqual(
        expect.arrayContaining([
          'ApiUrl',
          ...allTables.map((t) => `${t.name}TableName`),
          ...stateMachines.flatMap((m) => [`${m.name}StateMachineArn`, `${m.name}ExecutionConsoleUrl`]),
          'UserPoolId',
          'UserPoolClientId',
        ]),
      );
    });
  });
});

describe('stack settings', () => {
  it('with an identity provider of its own: no user pool, the authorizer trusts that issuer', () => {
    // Prepare
    const synth = synthesize({ jwtIssuer: 'https://id.example.gov.cn', jwtAudience: ['xiaoneng'] });

    // Assess
    synth.template.resourceCountIs('AWS::Cognito::UserPool', 0);
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://id.example.gov.cn', Audience: ['xiaoneng'] },
    });
    expect(unacknowledgedNagFindings(synth.app)).toEqual([]);
  });

  it('refuses an issuer without an audience', () => {
    // Act & Assess
    expect(() => synthesize({ jwtIssuer: 'https://id.example.gov.cn' })).toThrow(/jwtAudience/);
  });

  it('reads the deployment settings from context; stage=dev is built to be torn down', () => {
    // Prepare
    const dev = new App({ context: { stage: 'dev', alarmEmail: 'ops@example.org', jwtAudience: 'a, b' } });
    const prod = new App();

    // Act
    const devSettings = readDeploySettings(dev.node);
    const prodSettings = readDeploySettings(prod.node);

    // Assess
    expect(devSettings).toMatchObject({
      stackName: 'Xiaoneng-dev',
      props: {
        removalPolicy: RemovalPolicy.DESTROY,
        deletionProtection: false,
        alarmEmail: 'ops@example.org',
        jwtAudience: ['a', 'b'],
      },
    });
    expect(prodSettings).toMatchObject({
      stackName: 'Xiaoneng',
      props: { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true },
    });
    expect(() => readDeploySettings(new App({ context: { stage: 'staging' } }).node)).toThrow(/stage/);
    expect(() => readDeploySettings(new App({ context: { logRetentionDays: '10' } }).node)).toThrow(/logRetentionDays/);
  });
});
