import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  METRIC_DIMENSIONS,
  METRIC_NAMES,
  METRIC_NAMESPACE,
  type MetricName,
  type MetricSpec,
  OPERATIONAL_METRICS,
} from '../../functions/common/metrics.ts';
import { roles } from '../../functions/common/roles.ts';
import { routes } from '../../functions/http/routes.ts';
import { type FunctionName, type FunctionSpec, functions, type TableGrant } from '../../functions/manifest.ts';
import {
  inputTextOf,
  SCHEDULE_MAX_EVENT_AGE_SECONDS,
  schedules,
  timeZoneOf,
} from '../../functions/schedule/schedules.ts';
import { allTables, type TableKey, tables } from '../../functions/store/tables.ts';
import { DEFAULT_ROUTE_THROTTLES, throttleClassOf } from '../../lib/constructs/http-api.ts';
import { readDeploySettings } from '../../lib/constructs/settings.ts';
import { XiaonengEdgeAclStack } from '../../lib/edge-acl-stack.ts';
import { stateMachines } from '../../lib/state-machines.ts';
import { DEFAULT_CLOCK_TASK_CONCURRENCY, DEFAULT_SCHEDULED_JOB_CONCURRENCY } from '../../lib/xiaoneng-stack.ts';
import { removeAssemblies, type Synthesized, synthesize, unacknowledgedNagFindings } from './synth.ts';

afterAll(removeAssemblies);

type Json = Record<string, unknown>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const entries = Object.entries(functions) as [FunctionName, FunctionSpec][];
const httpFunctions = new Set<FunctionName>(routes.map((r) => r.function));
const clockTaskFunctions = new Set<FunctionName>(stateMachines.flatMap((m) => m.functions));
const scheduledFunctions = new Set<FunctionName>(schedules.map((s) => s.function));
const JWT_VARIABLES = ['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_JWKS_URL'];
const routeOf = (key: string) => {
  const route = routes.find((r) => `${r.method} ${r.path}` === key);
  if (!route) throw new Error(`no route ${key}`);
  return route;
};

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

  it('states the grievance day unit (the default, calendar days) on the function that files grievances only', () => {
    const environmentOf = (name: FunctionName) =>
      (
        (synth.template.toJSON().Resources[synth.logicalIdOf(name)] as { Properties: Json }).Properties.Environment as
          | { Variables?: Record<string, string> }
          | undefined
      )?.Variables ?? {};
    expect(environmentOf('grievancesCreate').GRIEVANCE_DAY_UNIT).toBe('CALENDAR_DAYS');
    expect(environmentOf('grievancesAccept').GRIEVANCE_DAY_UNIT).toBeUndefined();
    // The accountability policy: completed with its defaults, on the register's functions only.
    const policy = JSON.parse(environmentOf('accountabilityDecide').ACCOUNTABILITY_POLICY as string);
    expect(policy).toMatchObject({ investigationWorkingDays: 30, flagThreshold: 3, publishNamesFrom: null });
    expect(policy.sanctions.map((s: { code: string }) => s.code)).toEqual(['NONE', 'CRITICISM', 'WARNING', 'DEMERIT']);
    expect(environmentOf('applicationsDecide').ACCOUNTABILITY_POLICY).toBeUndefined();
    // The green channel's threshold: on the function that registers projects only, the default when unset.
    expect(environmentOf('projectsCreate').GREEN_CHANNEL_THRESHOLD).toBe('100000000');
    expect(environmentOf('projectsGet').GREEN_CHANNEL_THRESHOLD).toBeUndefined();
    // The inspections' policy: completed with its defaults, on the functions that read it only.
    expect(JSON.parse(environmentOf('enforcementCreate').ENFORCEMENT_POLICY as string)).toEqual({
      yearlyLimitPerEnterprise: 2,
      validDaysBefore: 1,
      validDaysAfter: 7,
    });
    expect(environmentOf('enforcementApprove').ENFORCEMENT_POLICY).toBeUndefined();
    // The appraisal's policy: completed with its defaults, on the appraisal's functions and the evaluation's runs.
    const appraisal = JSON.parse(environmentOf('appraisalsRate').APPRAISAL_POLICY as string);
    expect(appraisal).toMatchObject({ minRatings: 3, opens: '12-01', closes: '01-31' });
    expect(appraisal.criteria.reduce((a: number, c: { weight: number }) => a + c.weight, 0)).toBe(100);
    expect(environmentOf('evaluate').APPRAISAL_POLICY).toBe(environmentOf('appraisalsRate').APPRAISAL_POLICY);
    expect(environmentOf('officialActivitiesCreate').APPRAISAL_POLICY).toBeUndefined();
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
                  Projection: index.projection
                    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] }
                    : { ProjectionType: 'ALL' },
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
        const needed = Object.keys(spec.tables) as TableKey[];
        const statements = roleStatements(synth, name);
        const tableLogicalId = (key: TableKey) =>
          synth.stack.getLogicalId(synth.stack.tables[key].node.defaultChild as never);

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
            ...needed.map((k) => tables[k].envVar),
            ...clockVars,
            ...((spec as FunctionSpec).publishesEvents ? ['EVENT_BUS_NAME'] : []),
            ...((spec as FunctionSpec).enforcementPolicy ? ['ENFORCEMENT_POLICY'] : []),
            ...(httpFunctions.has(name) ? JWT_VARIABLES : []),
            // The signer names its KMS key; a verifier has the key's public half instead (no KMS client or call).
            ...((spec as FunctionSpec).checkpoints === 'sign' ? ['ANCHOR_BUCKET', 'ANCHOR_KEY_ID'] : []),
            ...((spec as FunctionSpec).checkpoints === 'verify' ? ['ANCHOR_BUCKET', 'ANCHOR_PUBLIC_KEY'] : []),
            ...((spec as FunctionSpec).awardScoring ? ['AWARD_SCORING'] : []),
            ...((spec as FunctionSpec).grievanceDayUnit ? ['GRIEVANCE_DAY_UNIT'] : []),
            ...((spec as FunctionSpec).greenChannelThreshold ? ['GREEN_CHANNEL_THRESHOLD'] : []),
            ...((spec as FunctionSpec).accountabilityPolicy ? ['ACCOUNTABILITY_POLICY'] : []),
            ...((spec as FunctionSpec).appraisalPolicy ? ['APPRAISAL_POLICY'] : []),
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

        // Assess: DynamoDB grants, action by action and resource by resource (a table, or one of its indexes)
        const dynamo = statements.flatMap((st) =>
          asArray(st.Action)
            .filter((action) => action.startsWith('dynamodb:') && action !== 'dynamodb:ListStreams')
            .filter((action) => !/Stream|Shard|GetRecords/.test(action))
            .flatMap((action) => asArray(st.Resource).map((resource) => `${action} ${JSON.stringify(resource)}`)),
        );
        const expected: string[] = [];
        for (const [key, grant] of Object.entries(spec.tables) as [TableKey, TableGrant][]) {
          const arn = { 'Fn::GetAtt': [tableLogicalId(key), 'Arn'] };
          for (const action of grant.actions ?? []) expected.push(`dynamodb:${action} ${JSON.stringify(arn)}`);
          for (const index of grant.indexes ?? []) {
            const indexArn = { 'Fn::Join': ['', [arn, `/index/${index}`]] };
            expected.push(`dynamodb:Query ${JSON.stringify(indexArn)}`);
          }
        }
        expect([...new Set(dynamo)].sort()).toEqual(expected.sort());

        const all = actionsOf(statements);
        expect(all.has('states:StartExecution')).toBe(((spec as FunctionSpec).startsClocks ?? []).length > 0);
        expect(all.has('states:DescribeExecution')).toBe(((spec as FunctionSpec).readsClocks ?? []).length > 0);
        expect(all.has('states:SendTaskSuccess')).toBe(Boolean(spec.signalsClock));
      },
    );

    it('no HTTP function may Scan, batch-write or delete, except its own idempotency claims', () => {
      // Assess: what the deployed roles hold, whatever the manifest says
      const idempotencyArn = JSON.stringify({
        'Fn::GetAtt': [synth.stack.getLogicalId(synth.stack.tables.idempotency.node.defaultChild as never), 'Arn'],
      });
      const found = [...httpFunctions].flatMap((name) =>
        roleStatements(synth, name).flatMap((st) =>
          asArray(st.Action)
            .filter((a) => /^dynamodb:(Scan|BatchWriteItem|DeleteItem|\*)$/.test(a))
            .filter((a) => !(a === 'dynamodb:DeleteItem' && JSON.stringify(st.Resource) === idempotencyArn))
            .map((a) => `${name}: ${a}`),
        ),
      );
      expect(found).toEqual([]);
    });

    it('the functions a state machine invokes do not receive its ARN (no dependency cycle)', () => {
      // Assess
      for (const machine of stateMachines) {
        for (const name of machine.functions) {
          const fn = synth.template.toJSON().Resources[synth.logicalIdOf(name)] as { Properties: Json };
          expect(JSON.stringify(fn.Properties.Environment)).not.toContain(machine.envVar);
        }
      }
    });

    it("the clock's and the scheduled functions have reserved concurrency, and no other function does", () => {
      // Assess
      for (const [name] of entries) {
        const fn = synth.template.toJSON().Resources[synth.logicalIdOf(name)] as { Properties: Json };
        const expected = clockTaskFunctions.has(name)
          ? DEFAULT_CLOCK_TASK_CONCURRENCY
          : scheduledFunctions.has(name)
            ? DEFAULT_SCHEDULED_JOB_CONCURRENCY
            : undefined;
        expect([name, fn.Properties.ReservedConcurrentExecutions]).toEqual([name, expected]);
      }
      expect(clockTaskFunctions).toEqual(
        new Set([
          'checkpoint',
          'awaitDecision',
          'intakeCheckpoint',
          'grievancesCheckpoint',
          'ratingsCheckpoint',
          'jointCheckpoint',
          'awaitOpinion',
          'investigationCheckpoint',
          'visitCheckpoint',
        ]),
      );
      expect(scheduledFunctions).toEqual(new Set(['reconcile', 'evaluate']));
    });
  });

  describe('HTTP API', () => {
    it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
      '%s exists, invokes its function, and has no API Gateway authorizer (the function verifies the token)',
      (key, route) => {
        // Assess
        synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: key,
          AuthorizationType: 'NONE',
          AuthorizerId: Match.absent(),
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

    it('has exactly the routes of the route table, and no authorizer at all', () => {
      // Assess
      synth.template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
      synth.template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    });

    it.each([...httpFunctions].map((name) => [name] as const))(
      '%s verifies tokens of the created user pool: JWT_ISSUER, JWT_AUDIENCE, JWT_JWKS_URL',
      (name) => {
        // Prepare
        const poolId = synth.stack.getLogicalId(synth.stack.userDirectory?.userPool.node.defaultChild as never);
        const clientId = synth.stack.getLogicalId(synth.stack.userDirectory?.client.node.defaultChild as never);
        const fn = synth.template.toJSON().Resources[synth.logicalIdOf(name)] as { Properties: Json };
        const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
        const issuerParts: unknown[] = [
          'https://cognito-idp.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/',
          { Ref: poolId },
        ];

        // Assess
        expect(variables.JWT_ISSUER).toEqual({ 'Fn::Join': ['', issuerParts] });
        expect(variables.JWT_AUDIENCE).toEqual({ Ref: clientId });
        expect(variables.JWT_JWKS_URL).toEqual({
          'Fn::Join': ['', [...issuerParts, '/.well-known/jwks.json']],
        });
      },
    );

    it('logs access as JSON; every route has the throttle of its class, public routes the lowest', () => {
      // Assess
      const stage = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Stage'))[0] as { Properties: Json };
      const logs = stage.Properties.AccessLogSettings as { Format: string };
      expect(() => JSON.parse(logs.Format)).not.toThrow();
      expect(stage.Properties.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
      });
      const settings = stage.Properties.RouteSettings as Record<string, Json>;
      expect(Object.keys(settings).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
      for (const route of routes) {
        const limits = DEFAULT_ROUTE_THROTTLES[throttleClassOf(route)];
        expect(settings[`${route.method} ${route.path}`]).toEqual({
          ThrottlingRateLimit: limits.rateLimit,
          ThrottlingBurstLimit: limits.burstLimit,
        });
      }
      // The classes, by what the route table says about each route
      expect(throttleClassOf(routeOf('GET /v1/catalog'))).toBe('public');
      expect(throttleClassOf(routeOf('GET /v1/calendar/deadline'))).toBe('public');
      expect(throttleClassOf(routeOf('POST /v1/applications'))).toBe('applicant');
      expect(throttleClassOf(routeOf('GET /v1/applications/{id}'))).toBe('applicant');
      expect(throttleClassOf(routeOf('POST /v1/applications/{id}/decision'))).toBe('staff');
      expect(throttleClassOf(routeOf('POST /v1/applications/{id}/extension/approve'))).toBe('staff');
      expect(throttleClassOf(routeOf('GET /v1/worklist'))).toBe('staff');
      const { public: open, applicant, staff } = DEFAULT_ROUTE_THROTTLES;
      expect(open.rateLimit).toBeLessThan(applicant.rateLimit);
      expect(applicant.rateLimit).toBeLessThanOrEqual(staff.rateLimit);
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
    /** The AWS::Scheduler::Schedule of one table entry, by its expression and target function. */
    const scheduleOf = (spec: (typeof schedules)[number]) => {
      const found = Object.values(
        synth.template.findResources('AWS::Scheduler::Schedule', {
          Properties: {
            ScheduleExpression: spec.expression,
            Target: { Arn: { 'Fn::GetAtt': [synth.logicalIdOf(spec.function), 'Arn'] } },
          },
        }),
      ) as { Properties: { Target: { RoleArn: { 'Fn::GetAtt': [string, string] } } } }[];
      expect(found).toHaveLength(1);
      return found[0] as (typeof found)[number];
    };

    it('every schedule is an EventBridge Scheduler schedule, none an EventBridge rule', () => {
      // Assess
      synth.template.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
      synth.template.resourceCountIs('AWS::Events::Rule', 0);
    });

    it.each(schedules.map((s) => [s.name, s] as const))(
      '%s targets its function in its time zone, with its input, retries and a DLQ',
      (_name, spec) => {
        // Assess
        synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: spec.expression,
          ScheduleExpressionTimezone: timeZoneOf(spec),
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
          Target: {
            Arn: { 'Fn::GetAtt': [synth.logicalIdOf(spec.function), 'Arn'] },
            Input: inputTextOf(spec),
            RoleArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
            RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: SCHEDULE_MAX_EVENT_AGE_SECONDS },
          },
        });
      },
    );

    it.each(schedules.map((s) => [s.name, s] as const))(
      '%s: its role is assumed only by EventBridge Scheduler for this account, and may only invoke its function and dead-letter',
      (_name, spec) => {
        // Prepare
        const schedule = scheduleOf(spec);
        const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
        const role = synth.template.toJSON().Resources[roleId] as {
          Properties: { AssumeRolePolicyDocument: { Statement: Json[] }; Policies?: unknown };
        };
        const policies = Object.values(
          synth.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
        ) as { Properties: { PolicyDocument: { Statement: Statement[] } } }[];
        const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
        const dlq = (
          synth.template.toJSON().Resources as Record<string, { Properties: { Target: { DeadLetterConfig: Json } } }>
        )[
          Object.keys(
            synth.template.findResources('AWS::Scheduler::Schedule', {
              Properties: { ScheduleExpression: spec.expression },
            }),
          )[0] as string
        ]?.Properties.Target.DeadLetterConfig.Arn;

        // Assess
        expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': expect.anything() },
            },
          },
        ]);
        expect(
          JSON.stringify(role.Properties.AssumeRolePolicyDocument.Statement[0]?.Condition).includes(
            ':schedule-group/default',
          ),
        ).toBe(true);
        expect(role.Properties.Policies).toBeUndefined();
        expect(statements).toEqual([
          {
            Action: 'lambda:InvokeFunction',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [synth.logicalIdOf(spec.function), 'Arn'] },
          },
          { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: dlq },
        ]);
      },
    );

    it.each(schedules.map((s) => [s.name, s] as const))(
      "%s: a run that fails after Lambda's retries lands in a queue too (its function's on-failure destination)",
      (_name, spec) => {
        synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: synth.logicalIdOf(spec.function) },
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
        });
      },
    );

    it('each scheduled function has exactly one on-failure configuration, however many schedules invoke it', () => {
      // Lambda keeps one EventInvokeConfig per function (and qualifier): two in one template fight over it, and the
      // deletion of either removes both. The evaluation has two schedules (monthly, daily) on one function.
      const configs = Object.values(synth.template.findResources('AWS::Lambda::EventInvokeConfig'));
      const targets = configs.map((c) => JSON.stringify([c.Properties.FunctionName, c.Properties.Qualifier]));
      expect(new Set(targets).size).toBe(targets.length);
      expect(targets).toHaveLength(new Set(schedules.map((s) => s.function)).size);
    });

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
      // Three readers of the Cases stream, each with its own position: the notifications, the anchor
      // (docs/tamper-evidence.md) and the evaluation's tallies (docs/evaluation.md: a third reader of a shard may be
      // throttled, which delays a tally); and two readers each of the Grievances, Ratings and Projects streams (below):
      // the notifications and the evaluation's tallies. (A project's steps are copied by the Cases notifier: no fourth.)
      // And two of the Accountability stream (issue 16): the register's notifications and its tallies.
      // And one of the Enforcement stream (issue 16 item 4): the inspections' notifications; and two of the Visits
      // stream (issue 16, inspection visits): their notifications and tallies. And a second of the Enforcement stream:
      // the inspections' tallies (evaluation version 7).
      synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 15);
      for (const reader of ['notify', 'anchor', 'tally'] as const) {
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
      for (const [reader, table] of [
        ['grievancesNotify', synth.stack.tables.grievances],
        ['ratingsNotify', synth.stack.tables.ratings],
        ['tallyGrievances', synth.stack.tables.grievances],
        ['tallyRatings', synth.stack.tables.ratings],
        ['projectsNotify', synth.stack.tables.projects],
        ['tallyProjects', synth.stack.tables.projects],
        ['accountabilityNotify', synth.stack.tables.accountability],
        ['tallyAccountability', synth.stack.tables.accountability],
        ['visitsNotify', synth.stack.tables.visits],
        ['tallyVisits', synth.stack.tables.visits],
        ['tallyEnforcement', synth.stack.tables.enforcement],
      ] as const) {
        synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: synth.logicalIdOf(reader) },
          EventSourceArn: { 'Fn::GetAtt': [synth.stack.getLogicalId(table.node.defaultChild as never), 'StreamArn'] },
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
    const alarmsOf = (synth: Synthesized) =>
      Object.values(synth.template.findResources('AWS::CloudWatch::Alarm')) as { Properties: Json }[];

    it('watch every state machine, every function, every schedule and the alarmed operational metrics', () => {
      // Assess
      const alarms = alarmsOf(synth);
      const metrics = alarms.map((a) => a.Properties.MetricName);
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
        expect(metrics.filter((m) => m === metric)).toHaveLength(stateMachines.length);
      }
      expect(metrics.filter((m) => m === 'Errors')).toHaveLength(entries.length);
      expect(metrics.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(schedules.length + 1);
      const alarmed = METRIC_NAMES.flatMap((name) => {
        const spec: MetricSpec = OPERATIONAL_METRICS[name];
        return spec.alarm ? spec.duties.map((duty) => `${name}/${duty}`) : [];
      });
      const onOperational = alarms.filter((a) => a.Properties.Namespace === METRIC_NAMESPACE);
      expect(
        onOperational
          .map((a) => {
            const duty = (a.Properties.Dimensions as { Name: string; Value: unknown }[]).find((d) => d.Name === 'duty');
            return `${a.Properties.MetricName}/${duty?.Value}`;
          })
          .sort(),
      ).toEqual(alarmed.sort());
      // The repairs and the red cards operators relied on before are among them.
      expect(alarmed).toEqual(expect.arrayContaining(['ExpiriesRepaired/approval', 'ClocksRestarted/approval']));
      expect(alarmed).toEqual(expect.arrayContaining(['RedCards/approval', 'ReconcileFailures/approval']));
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    });

    it('read operational metrics exactly as the functions emit them: namespace, name, service and duty, summed', () => {
      // Assess: the service dimension is what every function is told as POWERTOOLS_SERVICE_NAME (its metrics' service).
      const services = new Set(
        entries.map((entry) => {
          const fn = synth.template.toJSON().Resources[synth.logicalIdOf(entry[0])] as { Properties: Json };
          return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
            .POWERTOOLS_SERVICE_NAME;
        }),
      );
      expect([...services]).toEqual([synth.stack.stackName]);
      const onOperational = alarmsOf(synth).filter((a) => a.Properties.Namespace === METRIC_NAMESPACE);
      expect(onOperational.length).toBeGreaterThan(0);
      for (const { Properties: alarm } of onOperational) {
        const name = alarm.MetricName as MetricName;
        expect(METRIC_NAMES).toContain(name);
        const dimensions = alarm.Dimensions as { Name: string; Value: unknown }[];
        expect(dimensions.map((d) => d.Name).sort()).toEqual([...METRIC_DIMENSIONS].sort());
        expect(dimensions.find((d) => d.Name === 'service')?.Value).toBe(synth.stack.stackName);
        expect(OPERATIONAL_METRICS[name].duties).toContain(dimensions.find((d) => d.Name === 'duty')?.Value);
        expect(alarm).toMatchObject({
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        });
      }
      // No alarm reads a log-derived metric any more.
      expect(synth.template.findResources('AWS::Logs::MetricFilter')).toEqual({});
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

    it("links each clock's executions by the name its policy gives them (the intake review's is <caseId>-intake)", () => {
      const outputs = synth.template.toJSON().Outputs as Record<string, { Value: unknown }>;
      const link = (name: string) => JSON.stringify(outputs[`${name}ExecutionConsoleUrl`]?.Value);
      expect(link('ApprovalClock')).toMatch(/ApprovalClock:<caseId>"/);
      expect(link('IntakeClock')).toMatch(/IntakeClock:<caseId>-intake"/);
    });
  });
});

describe('stack settings', () => {
  it('with an identity provider of its own: no user pool, every HTTP function verifies that issuer', () => {
    // Prepare
    const synth = synthesize({
      jwtIssuer: 'https://id.example.gov.cn',
      jwtAudience: ['xiaoneng', 'xiaoneng-app'],
      jwtJwksUrl: 'https://id.example.gov.cn/oauth2/keys',
    });

    // Assess
    synth.template.resourceCountIs('AWS::Cognito::UserPool', 0);
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const name of httpFunctions) {
      synth.template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        Environment: {
          Variables: Match.objectLike({
            JWT_ISSUER: 'https://id.example.gov.cn',
            JWT_AUDIENCE: 'xiaoneng,xiaoneng-app',
            JWT_JWKS_URL: 'https://id.example.gov.cn/oauth2/keys',
          }),
        },
      });
      const fn = synth.template.toJSON().Resources[synth.logicalIdOf(name)] as { Properties: Json };
      expect(JSON.stringify(fn.Properties.Environment)).toContain('https://id.example.gov.cn/oauth2/keys');
    }
    expect(unacknowledgedNagFindings(synth.app)).toEqual([]);
  });

  it('refuses an issuer without an audience or a key set, and a key set that is not https', () => {
    // Act & Assess
    expect(() => synthesize({ jwtIssuer: 'https://id.example.gov.cn' })).toThrow(/jwtAudience/);
    expect(() => synthesize({ jwtIssuer: 'https://id.example.gov.cn', jwtAudience: ['x'] })).toThrow(/jwtJwksUrl/);
    expect(() =>
      synthesize({ jwtIssuer: 'https://id.example.gov.cn', jwtAudience: ['x'], jwtJwksUrl: 'http://id/keys' }),
    ).toThrow(/https/);
  });

  it('logs every state machine execution without its data: task tokens stay out of the logs', () => {
    // Prepare
    const synth = synthesize();

    // Assess
    const machines = Object.values(synth.template.findResources('AWS::StepFunctions::StateMachine')) as {
      Properties: Json;
    }[];
    expect(machines).toHaveLength(stateMachines.length);
    for (const machine of machines) {
      expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    }
  });

  it('reserves no concurrency when told not to (an account whose quota is too small), and other values when given', () => {
    // Prepare
    const off = synthesize({ reserveConcurrency: false });
    const tuned = synthesize({ clockTaskConcurrency: 7, scheduledJobConcurrency: 2 });

    // Assess
    expect(
      Object.values(off.template.findResources('AWS::Lambda::Function')).filter(
        (fn) => (fn as { Properties: Json }).Properties.ReservedConcurrentExecutions !== undefined,
      ),
    ).toEqual([]);
    const reserved = (synth: Synthesized, name: FunctionName) =>
      (synth.template.toJSON().Resources[synth.logicalIdOf(name)] as { Properties: Json }).Properties
        .ReservedConcurrentExecutions;
    expect(reserved(tuned, 'checkpoint')).toBe(7);
    expect(reserved(tuned, 'reconcile')).toBe(2);
    expect(() => synthesize({ clockTaskConcurrency: 0 })).toThrow(/clockTaskConcurrency/);
  });

  it("builds no WAF and no API edge unless asked: the one distribution is the web site's, without a web ACL", () => {
    // Prepare
    const synth = synthesize();

    // Assess
    const distributions = Object.values(synth.template.findResources('AWS::CloudFront::Distribution'));
    expect(distributions).toHaveLength(1);
    const config = (distributions[0] as { Properties: { DistributionConfig: Json } }).Properties.DistributionConfig;
    expect(config.Comment).toBe('xiaoneng web pages, and the API under /v1/');
    expect(config.WebACLId).toBeUndefined();
    expect(Object.keys(synth.template.toJSON().Outputs as Json)).not.toContain('EdgeUrl');
    synth.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  it('edge in us-east-1: CloudFront in front of the API with a web ACL (rate per IP, common rule set), nag-clean', () => {
    // Prepare
    const synth = synthesize({
      env: { account: '123456789012', region: 'us-east-1' },
      edge: true,
      edgeRateLimitPerIp: 600,
    });

    // Assess
    const acls = Object.entries(synth.template.findResources('AWS::WAFv2::WebACL'));
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0] as [string, { Properties: Json }];
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = acl.Properties.Rules as Json[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Statement: { RateBasedStatement: expect.objectContaining({ AggregateKeyType: 'IP', Limit: 600 }) },
          Action: { Block: expect.anything() },
        }),
        expect.objectContaining({
          Statement: {
            ManagedRuleGroupStatement: expect.objectContaining({
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
            }),
          },
        }),
      ]),
    );
    synth.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: { 'Fn::GetAtt': [aclId, 'Arn'] },
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: Match.arrayWith(['GET', 'PUT', 'POST', 'DELETE']),
          ViewerProtocolPolicy: 'https-only',
        }),
        Origins: [
          Match.objectLike({
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ],
      }),
    });
    expect(Object.keys(synth.template.toJSON().Outputs as Json)).toContain('EdgeUrl');
    expect(unacknowledgedNagFindings(synth.app)).toEqual([]);
  });

  it('edge elsewhere: attaches the web ACL built in us-east-1 by its own stack, or says how to get one', () => {
    // Prepare
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/xiaoneng-edge/abc';
    const attached = synthesize({
      env: { account: '123456789012', region: 'ap-east-1' },
      edge: true,
      edgeWebAclArn: arn,
    });
    const app = new App();
    const aclStack = new XiaonengEdgeAclStack(app, 'Xiaoneng-EdgeAcl', { env: { region: 'us-east-1' } });
    const aclTemplate = Template.fromStack(aclStack);

    // Assess
    attached.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    attached.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: arn }),
    });
    expect(unacknowledgedNagFindings(attached.app)).toEqual([]);
    aclTemplate.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    expect(Object.keys(aclTemplate.toJSON().Outputs as Json)).toContain('WebAclArn');
    expect(unacknowledgedNagFindings(app)).toEqual([]);
    expect(() => synthesize({ env: { region: 'ap-east-1' }, edge: true })).toThrow(/us-east-1.*edgeWebAclArn/s);
    expect(() => new XiaonengEdgeAclStack(new App(), 'Wrong', { env: { region: 'ap-east-1' } })).toThrow(/us-east-1/);
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
    expect(devSettings.props.reserveConcurrency).toBe(false);
    expect(prodSettings.props.reserveConcurrency).toBe(true);
    expect(prodSettings.props.edge).toBe(false);
    const edge = readDeploySettings(
      new App({
        context: {
          edge: 'true',
          edgeWebAclArn: 'arn:aws:wafv2:us-east-1:1:global/webacl/x/y',
          edgeRateLimitPerIp: '900',
          reservedConcurrency: 'false',
          jwtJwksUrl: 'https://id.example.gov.cn/keys',
        },
      }).node,
    );
    expect(edge.props).toMatchObject({
      edge: true,
      edgeWebAclArn: 'arn:aws:wafv2:us-east-1:1:global/webacl/x/y',
      edgeRateLimitPerIp: 900,
      reserveConcurrency: false,
      jwtJwksUrl: 'https://id.example.gov.cn/keys',
    });
    expect(() => readDeploySettings(new App({ context: { stage: 'staging' } }).node)).toThrow(/stage/);
    expect(() => readDeploySettings(new App({ context: { logRetentionDays: '10' } }).node)).toThrow(/logRetentionDays/);
  });

  it('reads greenChannelThreshold from context, checked: a whole number of CNY, at least 1', () => {
    expect(readDeploySettings(new App().node).props.greenChannelThreshold).toBeUndefined();
    expect(
      readDeploySettings(new App({ context: { greenChannelThreshold: '50000000' } }).node).props.greenChannelThreshold,
    ).toBe(50_000_000);
    expect(() => readDeploySettings(new App({ context: { greenChannelThreshold: '1e8' } }).node)).toThrow(
      'context greenChannelThreshold=1e8: expected a whole number of CNY of at least 1',
    );
  });

  it('reads accountabilityPolicy from context, checked, and refuses a bad one in the context and as the stack prop', () => {
    expect(readDeploySettings(new App().node).props.accountabilityPolicy).toBeUndefined();
    expect(
      readDeploySettings(new App({ context: { accountabilityPolicy: '{"investigationWorkingDays":20}' } }).node).props
        .accountabilityPolicy,
    ).toEqual({ investigationWorkingDays: 20 });
    expect(() =>
      readDeploySettings(new App({ context: { accountabilityPolicy: '{"flagThreshold":0}' } }).node),
    ).toThrow('context accountabilityPolicy: flagThreshold: at least 1');
    expect(() =>
      readDeploySettings(
        new App({ context: { accountabilityPolicy: { sanctions: [{ code: 'WARNING', zh: '警告', en: 'Warning' }] } } })
          .node,
      ),
    ).toThrow(/sanctions: must include NONE/);
    expect(() => synthesize({ accountabilityPolicy: { publishNamesFrom: 'EXILE' } })).toThrow(
      /^accountabilityPolicy: publishNamesFrom: EXILE is not one of the sanctions/,
    );
  });

  it('reads appraisalPolicy from context, checked, and refuses a bad one in the context and as the stack prop', () => {
    expect(readDeploySettings(new App().node).props.appraisalPolicy).toBeUndefined();
    expect(
      readDeploySettings(new App({ context: { appraisalPolicy: '{"minRatings":5}' } }).node).props.appraisalPolicy,
    ).toEqual({ minRatings: 5 });
    expect(() => readDeploySettings(new App({ context: { appraisalPolicy: '{"minRatings":0}' } }).node)).toThrow(
      'context appraisalPolicy: minRatings: at least 1',
    );
    expect(() => synthesize({ appraisalPolicy: { opens: '12-01', closes: '12-01' } })).toThrow(
      /^appraisalPolicy: closes: opens and closes must differ/,
    );
  });

  it('reads enforcementPolicy from context, checked, and refuses a bad one in the context and as the stack prop', () => {
    expect(readDeploySettings(new App().node).props.enforcementPolicy).toBeUndefined();
    expect(
      readDeploySettings(new App({ context: { enforcementPolicy: '{"yearlyLimitPerEnterprise":3}' } }).node).props
        .enforcementPolicy,
    ).toEqual({ yearlyLimitPerEnterprise: 3 });
    expect(() =>
      readDeploySettings(new App({ context: { enforcementPolicy: '{"yearlyLimitPerEnterprise":0}' } }).node),
    ).toThrow('context enforcementPolicy: yearlyLimitPerEnterprise: at least 1');
    expect(() => synthesize({ enforcementPolicy: { validDaysAfter: 61 } })).toThrow(
      /^enforcementPolicy: validDaysAfter: at most 60/,
    );
  });

  it('reads grievanceDayUnit from context, checked, and refuses a bad one in the context and as the stack prop', () => {
    expect(readDeploySettings(new App().node).props.grievanceDayUnit).toBeUndefined();
    expect(
      readDeploySettings(new App({ context: { grievanceDayUnit: 'WORKING_DAYS' } }).node).props.grievanceDayUnit,
    ).toBe('WORKING_DAYS');
    expect(() => readDeploySettings(new App({ context: { grievanceDayUnit: 'WEEKS' } }).node)).toThrow(
      'context grievanceDayUnit=WEEKS: expected CALENDAR_DAYS or WORKING_DAYS',
    );
    expect(() => synthesize({ grievanceDayUnit: 'WEEKS' as never })).toThrow(/^grievanceDayUnit=WEEKS/);
  });
});
