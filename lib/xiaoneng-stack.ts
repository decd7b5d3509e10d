import { fileURLToPath } from 'node:url';
import {
  Annotations,
  Aws,
  CfnCondition,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ACCOUNTABILITY_POLICY_VARIABLE,
  type AccountabilityPolicySetting,
  accountabilityPolicyOf,
} from '../functions/common/accountability-policy.ts';
import {
  APPRAISAL_POLICY_VARIABLE,
  type AppraisalPolicySetting,
  appraisalPolicyOf,
} from '../functions/common/appraisal-policy.ts';
import { AWARD_SCORING_VARIABLE, type AwardScoringSetting, awardConfigOf } from '../functions/common/award-scoring.ts';
import {
  ENFORCEMENT_POLICY_VARIABLE,
  type EnforcementPolicySetting,
  enforcementPolicyOf,
} from '../functions/common/enforcement-policy.ts';
import { GREEN_CHANNEL_THRESHOLD_VARIABLE, greenChannelThresholdOf } from '../functions/common/green-channel.ts';
import { GRIEVANCE_DAY_UNIT_VARIABLE, grievanceDayUnitOf } from '../functions/common/grievance-unit.ts';
import { type DayUnit, policies } from '../functions/domain/duty.ts';
import { routes } from '../functions/http/routes.ts';
import { type ClockName, type FunctionName, type FunctionSpec, functions } from '../functions/manifest.ts';
import { schedules } from '../functions/schedule/schedules.ts';
import { type TableKey, tables } from '../functions/store/tables.ts';
import { API_AREAS, type ApiArea, areaOf, areaOfFunctions } from './api-areas.ts';
import { ApiAreaStack } from './constructs/api-area-stack.ts';
import { CheckpointArchive } from './constructs/checkpoint-archive.ts';
import { ClockStateMachine } from './constructs/clock-state-machine.ts';
import { DataTables } from './constructs/data-tables.ts';
import { EdgeFront } from './constructs/edge-front.ts';
import { EdgeWebAcl } from './constructs/edge-web-acl.ts';
import { HandlerFunction } from './constructs/handler-function.ts';
import { type RouteThrottle, type ThrottleClass, XiaonengHttpApi } from './constructs/http-api.ts';
import { acknowledge } from './constructs/nag.ts';
import { OperationalAlarms } from './constructs/operational-alarms.ts';
import { ScheduledJobs } from './constructs/scheduled-jobs.ts';
import { StaticSite } from './constructs/static-site.ts';
import { UserDirectory } from './constructs/user-directory.ts';
import { stateMachines } from './state-machines.ts';

/** The repository root: manifest entries and package-lock.json are relative to it. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Concurrency reserved for each function a state machine invokes (checkpoint, awaitDecision, intakeCheckpoint,
 * ratingsCheckpoint).
 * A checkpoint takes ~0.1 s, so 20 run ~200 per second: deadlines that fall on the same midnight for thousands of
 * cases are worked through within the tasks' retries (2+4+8+16+32 s), and a flood on the API cannot take them.
 */
export const DEFAULT_CLOCK_TASK_CONCURRENCY = 20;
/** Concurrency reserved for each scheduled function (the reconciler): one run at a time is all it needs. */
export const DEFAULT_SCHEDULED_JOB_CONCURRENCY = 1;

/** The clock's functions, from the state machines and the schedule table (never listed by hand). */
const CLOCK_TASK_FUNCTIONS = new Set<FunctionName>(stateMachines.flatMap((m) => m.functions));
const SCHEDULED_FUNCTIONS = new Set<FunctionName>(schedules.map((s) => s.function));
/** The functions behind an HTTP route: they verify the caller's JWT themselves. */
const HTTP_FUNCTIONS = new Set<FunctionName>(routes.map((r) => r.function));
/** The API area (and so the nested stack) of each function behind a route; every other function is in this stack. */
const AREA_OF_FUNCTION = areaOfFunctions(routes);

export interface XiaonengStackProps extends StackProps {
  /**
   * What happens to stateful resources (tables, user pool, log groups, dead-letter queues) when they leave the stack
   * or the stack is deleted. Use `RemovalPolicy.DESTROY` for a dev stack you mean to tear down.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Deletion protection of the DynamoDB tables and the Cognito user pool. Turn it off for a dev stack you mean to
   * tear down (and deploy once with it off before `cdk destroy`).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Issuer (`iss`) of the JWTs the API accepts, for a centre that has its own OpenID Connect provider. Give it
   * together with `jwtAudience`.
   * @default - a Cognito user pool is created and its issuer is used
   */
  readonly jwtIssuer?: string;
  /**
   * Audiences the API accepts (`aud` of ID tokens, `client_id` of access tokens). Give it with `jwtIssuer`.
   * @default - the id of the created user pool's app client
   */
  readonly jwtAudience?: readonly string[];
  /**
   * URL of the key set (JWKS) that signs the tokens of `jwtIssuer`: the `jwks_uri` of
   * `<jwtIssuer>/.well-known/openid-configuration`. Give it with `jwtIssuer` (it differs between providers, so it is
   * not guessed).
   * @default - `<issuer>/.well-known/jwks.json` of the created user pool
   */
  readonly jwtJwksUrl?: string;
  /**
   * Email address to notify when an alarm fires.
   * @default - no notification; alarms show in the CloudWatch console only
   */
  readonly alarmEmail?: string;
  /**
   * Retention of every log group (functions, state machines, API access logs).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Default route rate limit of the API stage (requests per second), for a route without its own settings.
   * @default 50
   */
  readonly apiRateLimit?: number;
  /**
   * Default route burst limit of the API stage.
   * @default 100
   */
  readonly apiBurstLimit?: number;
  /**
   * Each route's throttle by class (public, applicant, staff), derived from the route table.
   * @default DEFAULT_ROUTE_THROTTLES of lib/constructs/http-api.ts
   */
  readonly routeThrottles?: Partial<Record<ThrottleClass, RouteThrottle>>;
  /**
   * Reserve concurrency for the clock's functions (the functions the state machines invoke, and the scheduled
   * reconciler), so that no flood on the API can take the concurrency the clock needs. Lambda refuses a reservation
   * that leaves the account fewer than 100 unreserved executions: an account whose concurrency quota is 10 (new
   * accounts) cannot deploy it, so turn it off there (`-c reservedConcurrency=false`) until the quota is raised.
   * @default true
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Reserved concurrency of each function a state machine invokes.
   * @default DEFAULT_CLOCK_TASK_CONCURRENCY
   */
  readonly clockTaskConcurrency?: number;
  /**
   * Reserved concurrency of each scheduled function.
   * @default DEFAULT_SCHEDULED_JOB_CONCURRENCY
   */
  readonly scheduledJobConcurrency?: number;
  /**
   * Put CloudFront with an AWS WAF web ACL in front of the API (EdgeFront). The web ACL must live in us-east-1:
   * a stack in us-east-1 creates it; elsewhere give `edgeWebAclArn` (from XiaonengEdgeAclStack).
   * @default false
   */
  readonly edge?: boolean;
  /**
   * ARN of a CLOUDFRONT web ACL in us-east-1 for the edge, for a stack in another region.
   * @default - created in this stack, which must then be in us-east-1
   */
  readonly edgeWebAclArn?: string;
  /**
   * Requests per client IP per five minutes that the edge's web ACL lets through (when this stack creates it).
   * @default DEFAULT_EDGE_RATE_LIMIT_PER_IP of lib/constructs/edge-web-acl.ts
   */
  readonly edgeRateLimitPerIp?: number;
  /**
   * Cognito Plus feature plan with full threat protection for the created user pool (billed per active user).
   * @default false
   */
  readonly userPoolPlusTier?: boolean;
  /**
   * Prefix of the Cognito hosted UI's domain (`https://<prefix>.auth.<region>.amazoncognito.com`), where the web
   * pages send people to sign in. Unique in the region across all AWS accounts.
   * @default `<stack name in lower case>-<account id>`
   */
  readonly authDomainPrefix?: string;
  /**
   * The award scoring (文明处室, 最佳公务员, 服务标兵): any of `quotas`, `weights`, `penalties` and `volume`, each field
   * given replacing its default (docs/evaluation.md, "The year's award candidates"). Checked here: a bad field stops
   * the synth, named.
   * @default - the defaults of `defaultAwardConfig` (functions/domain/evaluation.ts)
   */
  readonly awardScoring?: AwardScoringSetting;
  /**
   * The unit grievances' clocks count in (docs/rules.md §6): `CALENDAR_DAYS` (the Petitions Regulation's days) or
   * `WORKING_DAYS`. A grievance keeps the unit it was filed under; the setting applies to grievances filed after it.
   * @default 'CALENDAR_DAYS'
   */
  readonly grievanceDayUnit?: DayUnit;
  /**
   * The investment (CNY) at and above which a project is a green-channel project (docs/rules.md §11). A project keeps
   * the threshold it was registered under. @default 100_000_000
   */
  readonly greenChannelThreshold?: number;
  /**
   * The accountability register's policy (docs/supervision.md): `sanctions` (lightest first, with NONE),
   * `investigationWorkingDays`, `flagThreshold`, `publishNamesFrom`; each field given replaces its default.
   * @default - the defaults of `defaultAccountabilityPolicy` (functions/domain/accountability.ts)
   */
  readonly accountabilityPolicy?: AccountabilityPolicySetting;
  /**
   * The law-enforcement inspections' policy (docs/enforcement.md): `yearlyLimitPerEnterprise`, `validDaysBefore`,
   * `validDaysAfter`; each field given replaces its default.
   * @default - the defaults of `defaultEnforcementPolicy` (functions/domain/enforcement.ts)
   */
  readonly enforcementPolicy?: EnforcementPolicySetting;
  /**
   * The year-end appraisal's policy (docs/supervision.md): `criteria` (weights summing to 100), `minRatings`,
   * `opens`, `closes`; each field given replaces its default.
   * @default - the defaults of `defaultAppraisalPolicy` (functions/domain/appraisal.ts)
   */
  readonly appraisalPolicy?: AppraisalPolicySetting;
}

/**
 * The whole service in one stack and its nested stacks, built from the project's single sources of truth: the tables of
 * `functions/store/tables.ts`, the functions of `functions/manifest.ts`, the routes of `functions/http/routes.ts`,
 * the schedules of `functions/schedule/schedules.ts` and the state machines of `lib/state-machines.ts`. The local
 * runtime reads the same tables, so what runs on a laptop is what is deployed.
 */
export class XiaonengStack extends Stack {
  readonly tables: Record<TableKey, DataTables['byKey'][TableKey]>;
  readonly functions: Record<FunctionName, HandlerFunction>;
  readonly clocks: readonly ClockStateMachine[];
  readonly api: XiaonengHttpApi;
  /**
   * The nested stacks of the API's areas (lib/api-areas.ts): each holds its routes and the functions behind them, so
   * that no stack nears CloudFormation's 500 resources. Everything else is in this stack.
   */
  readonly apiAreas: Record<ApiArea, ApiAreaStack>;
  readonly userDirectory?: UserDirectory;
  readonly scheduledJobs: ScheduledJobs;
  readonly alarms: OperationalAlarms;
  /** Notifications (warnings, escalations, what applicants are told) for SMS, mail or anything else to subscribe to. */
  readonly eventBus: events.EventBus;
  /** Stream records a stream reader gave up on after its retries (an alarm watches it). */
  readonly streamFailures: sqs.Queue;
  /** What every HTTP function verifies tokens against (its JWT_ISSUER, JWT_AUDIENCE and JWT_JWKS_URL). */
  readonly jwt: { readonly issuer: string; readonly audience: readonly string[]; readonly jwksUrl: string };
  /** CloudFront and WAF in front of the API, when `edge` is on. */
  readonly edge?: EdgeFront;
  /**
   * The web pages (S3 + CloudFront, `/v1/*` forwarded to the API), when the stack creates the user pool they sign in
   * with; a stack given its own identity provider (jwtIssuer) has none (docs/deploy.md, "The web site").
   */
  readonly site?: StaticSite;
  /** The signed checkpoints that anchor the case timelines outside the table (docs/tamper-evidence.md). */
  readonly checkpoints: CheckpointArchive;

  constructor(scope: Construct, id: string, props: XiaonengStackProps = {}) {
    super(scope, id, props);
    if ((props.jwtIssuer === undefined) !== (props.jwtAudience === undefined)) {
      throw new Error('jwtIssuer and jwtAudience go together: give both (your own identity provider) or neither');
    }
    if ((props.jwtIssuer === undefined) !== (props.jwtJwksUrl === undefined)) {
      throw new Error(
        'jwtIssuer and jwtJwksUrl go together: give the jwks_uri of <jwtIssuer>/.well-known/openid-configuration',
      );
    }
    if (props.jwtJwksUrl !== undefined && !/^https:\/\/[^/]/.test(props.jwtJwksUrl)) {
      throw new Error(`jwtJwksUrl=${props.jwtJwksUrl}: the key set must be fetched over https`);
    }
    // The whole scoring, checked and completed with the defaults, is what the function gets: what it ranks by is in
    // its configuration for anyone to read, and a later change of a default does not change a deployed ranking.
    const awardScoring = JSON.stringify(awardConfigOf(props.awardScoring ?? {}, 'awardScoring'));
    // Checked here too (a stack built without the settings reader), and always set: the unit is in the function's
    // configuration for anyone to read.
    const grievanceDayUnit = grievanceDayUnitOf(props.grievanceDayUnit, 'grievanceDayUnit');
    // The inspections' policy, checked and completed with the defaults, for the same reasons.
    const enforcementPolicy = JSON.stringify(enforcementPolicyOf(props.enforcementPolicy ?? {}, 'enforcementPolicy'));
    const greenChannelThreshold = String(greenChannelThresholdOf(props.greenChannelThreshold, 'greenChannelThreshold'));
    // The whole policy, checked and completed with the defaults: what a decision may impose is in the functions'
    // configuration for anyone to read, and a later change of a default does not change a deployed policy.
    const accountabilityPolicy = JSON.stringify(
      accountabilityPolicyOf(props.accountabilityPolicy ?? {}, 'accountabilityPolicy'),
    );
    // The appraisal's whole policy, checked and completed with the defaults, as for the accountability policy.
    const appraisalPolicy = JSON.stringify(appraisalPolicyOf(props.appraisalPolicy ?? {}, 'appraisalPolicy'));
    const reservations = this.reservations(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const deletionProtection = props.deletionProtection ?? true;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;

    // Tables
    this.tables = new DataTables(this, 'Tables', { removalPolicy, deletionProtection }).byKey;

    // The API's areas, each a nested stack for its routes and their functions (docs/deploy.md, "How the app is split")
    this.apiAreas = Object.fromEntries(
      API_AREAS.map((area) => [
        area,
        new ApiAreaStack(this, `Api-${area}`, {
          area,
          description: `xiaoneng: the HTTP API's ${area} routes and their functions`,
        }),
      ]),
    ) as Record<ApiArea, ApiAreaStack>;
    const functionScopes = new Map<Construct, Construct>();
    const functionScopeOf = (name: FunctionName): Construct => {
      const area = AREA_OF_FUNCTION.get(name);
      const owner: Construct = area === undefined ? this : this.apiAreas[area];
      let scope = functionScopes.get(owner);
      if (!scope) {
        scope = new Construct(owner, 'Functions');
        functionScopes.set(owner, scope);
      }
      return scope;
    };

    // Functions, each with the grants of its manifest entry
    const entries = Object.entries(functions) as [FunctionName, FunctionSpec][];
    this.functions = Object.fromEntries(
      entries.map(([name, spec]) => [
        name,
        new HandlerFunction(functionScopeOf(name), name, {
          name,
          spec,
          tables: this.tables,
          projectRoot: PROJECT_ROOT,
          logRetention,
          logRemovalPolicy: removalPolicy,
          reservedConcurrency: reservations(name),
        }),
      ]),
    ) as Record<FunctionName, HandlerFunction>;
    const lambdas = {} as Record<FunctionName, lambda.IFunction>;
    for (const [name] of entries) lambdas[name] = this.functions[name].function;

    // State machines, then the clock permissions of the functions that start, read or signal them
    this.clocks = stateMachines.map(
      (spec) =>
        new ClockStateMachine(this, spec.name, {
          spec,
          functions: lambdas,
          logRetention,
          logRemovalPolicy: removalPolicy,
        }),
    );
    for (const [name, spec] of entries) {
      const fn = this.functions[name];
      for (const clock of this.clocks) {
        const starts = ((spec as FunctionSpec).startsClocks ?? []).includes(clock.spec.name as ClockName);
        const reads = ((spec as FunctionSpec).readsClocks ?? []).includes(clock.spec.name as ClockName);
        if ((starts || reads) && clock.spec.functions.includes(name)) {
          // The state machine depends on the functions it invokes; such a function cannot also hold its ARN.
          throw new Error(`${name} is invoked by ${clock.spec.name} and cannot also start or read its executions`);
        }
        if (starts) fn.allowStartExecution(clock);
        if (reads) fn.allowDescribeExecution(clock);
        if (spec.enforcementPolicy) fn.function.addEnvironment(ENFORCEMENT_POLICY_VARIABLE, enforcementPolicy);
      }
      if (spec.signalsClock) fn.allowTaskResponses();
      if (spec.awardScoring) fn.function.addEnvironment(AWARD_SCORING_VARIABLE, awardScoring);
      if (spec.grievanceDayUnit) fn.function.addEnvironment(GRIEVANCE_DAY_UNIT_VARIABLE, grievanceDayUnit);
      if (spec.greenChannelThreshold) {
        fn.function.addEnvironment(GREEN_CHANNEL_THRESHOLD_VARIABLE, greenChannelThreshold);
      }
      if (spec.accountabilityPolicy) fn.function.addEnvironment(ACCOUNTABILITY_POLICY_VARIABLE, accountabilityPolicy);
      if ('appraisalPolicy' in spec && spec.appraisalPolicy) {
        fn.function.addEnvironment(APPRAISAL_POLICY_VARIABLE, appraisalPolicy);
      }
    }

    // The event bus, and the table streams their readers follow
    this.eventBus = new events.EventBus(this, 'Bus', {
      description: 'xiaoneng notifications: every warning, escalation and message to an applicant, handler or head',
    });
    this.streamFailures = new sqs.Queue(this, 'StreamFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    acknowledge(
      this.streamFailures,
      'AwsSolutions-SQS3',
      'This queue is itself the on-failure destination of the stream readers; it holds batch descriptions to redrive, and has nowhere further to send them.',
    );
    for (const [name, spec] of entries) {
      const fn = this.functions[name].function;
      if (spec.publishesEvents) {
        fn.addEnvironment('EVENT_BUS_NAME', this.eventBus.eventBusName);
        this.eventBus.grantPutEventsTo(fn);
      }
      if (spec.streamFrom) {
        fn.addEventSource(
          new eventSources.DynamoEventSource(this.tables[spec.streamFrom], {
            startingPosition: lambda.StartingPosition.TRIM_HORIZON,
            batchSize: 25,
            maxBatchingWindow: Duration.seconds(1),
            // One failed record is retried with those after it (in order), the ones before it are done.
            reportBatchItemFailures: true,
            retryAttempts: 20,
            maxRecordAge: Duration.hours(24),
            onFailure: new eventSources.SqsDlq(this.streamFailures),
          }),
        );
      }
    }

    // The timelines' anchor: a KMS signing key and an Object Lock bucket, granted as the manifest's `checkpoints` says
    this.checkpoints = new CheckpointArchive(this, 'Anchor');
    for (const [name, spec] of entries) {
      if (spec.checkpoints === 'sign') this.checkpoints.grantSign(this.functions[name].function);
      if (spec.checkpoints === 'verify') this.checkpoints.grantVerify(this.functions[name].function);
    }

    // Who may call: the centre's own OpenID Connect provider, or a Cognito user pool created here. Every HTTP
    // function verifies the token itself (see XiaonengHttpApi for why no API Gateway authorizer).
    if (props.jwtIssuer !== undefined && props.jwtAudience !== undefined && props.jwtJwksUrl !== undefined) {
      this.jwt = { issuer: props.jwtIssuer, audience: props.jwtAudience, jwksUrl: props.jwtJwksUrl };
    } else {
      this.userDirectory = new UserDirectory(this, 'Users', {
        removalPolicy,
        deletionProtection,
        plusTier: props.userPoolPlusTier,
        domainPrefix: props.authDomainPrefix,
      });
      this.jwt = {
        issuer: this.userDirectory.issuer,
        audience: [this.userDirectory.client.userPoolClientId],
        jwksUrl: `${this.userDirectory.issuer}/.well-known/jwks.json`,
      };
    }
    for (const name of HTTP_FUNCTIONS) {
      const fn = this.functions[name].function;
      fn.addEnvironment('JWT_ISSUER', this.jwt.issuer);
      fn.addEnvironment('JWT_AUDIENCE', this.jwt.audience.join(','));
      fn.addEnvironment('JWT_JWKS_URL', this.jwt.jwksUrl);
    }

    this.api = new XiaonengHttpApi(this, 'Http', {
      functions: lambdas,
      throttlingRateLimit: props.apiRateLimit,
      throttlingBurstLimit: props.apiBurstLimit,
      routeThrottles: props.routeThrottles,
      routeScope: (route) => this.apiAreas[areaOf(route)],
      logRetention,
      logRemovalPolicy: removalPolicy,
    });

    let edgeWebAclArn: string | undefined;
    if (props.edge) {
      let webAclArn = props.edgeWebAclArn;
      if (webAclArn === undefined) {
        if (this.region !== 'us-east-1') {
          throw new Error(
            `edge: AWS WAF creates web ACLs for CloudFront in us-east-1 only, and this stack is in ${Token.isUnresolved(this.region) ? 'an unspecified region' : this.region}. Deploy XiaonengEdgeAclStack (bin/app.ts: ${id}-EdgeAcl) and pass its WebAclArn output as edgeWebAclArn (docs/deploy.md, "The edge").`,
          );
        }
        webAclArn = new EdgeWebAcl(this, 'EdgeAcl', { rateLimitPerIp: props.edgeRateLimitPerIp }).arn;
      }
      this.edge = new EdgeFront(this, 'Edge', { api: this.api, webAclArn });
      edgeWebAclArn = webAclArn;
    }

    // The web pages, signing in through the user pool's hosted UI; the edge's web ACL covers them too.
    if (this.userDirectory) {
      this.site = new StaticSite(this, 'Site', {
        api: this.api,
        auth: {
          domain: this.userDirectory.hostedUiUrl,
          clientId: this.userDirectory.client.userPoolClientId,
          issuer: this.userDirectory.issuer,
        },
        webAclArn: edgeWebAclArn,
        removalPolicy,
        logRetentionDays: logRetention,
      });
      this.userDirectory.allowSignInFrom(this.site.origin);
    } else {
      Annotations.of(this).addInfo(
        'jwtIssuer is set: no web site is deployed (its sign-in is the created Cognito user pool\'s hosted UI; docs/deploy.md, "The web site").',
      );
    }

    this.scheduledJobs = new ScheduledJobs(this, 'Schedules', { functions: lambdas, removalPolicy });

    this.alarms = new OperationalAlarms(this, 'Alarms', {
      stateMachines: this.clocks,
      functions: Object.values(this.functions),
      scheduledJobs: this.scheduledJobs.jobs,
      streamFailures: this.streamFailures,
      alarmEmail: props.alarmEmail,
    });

    this.addOutputs();
  }

  /** Reserved concurrency by function: the clock's functions get theirs, every other function none. */
  private reservations(props: XiaonengStackProps): (name: FunctionName) => number | undefined {
    const clockTask = props.clockTaskConcurrency ?? DEFAULT_CLOCK_TASK_CONCURRENCY;
    const scheduled = props.scheduledJobConcurrency ?? DEFAULT_SCHEDULED_JOB_CONCURRENCY;
    for (const [key, value] of Object.entries({
      clockTaskConcurrency: clockTask,
      scheduledJobConcurrency: scheduled,
    })) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${key}=${value}: expected a whole number ≥ 1`);
    }
    if (props.reserveConcurrency === false) return () => undefined;
    return (name) =>
      CLOCK_TASK_FUNCTIONS.has(name) ? clockTask : SCHEDULED_FUNCTIONS.has(name) ? scheduled : undefined;
  }

  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    if (this.edge) {
      new CfnOutput(this, 'EdgeUrl', {
        value: this.edge.url,
        description: 'Base URL of the API through CloudFront and AWS WAF: give this one to clients',
      });
    }
    new CfnOutput(this, 'EventBusName', {
      value: this.eventBus.eventBusName,
      description:
        'Event bus of notifications (source "xiaoneng", detail-type "Notification"): attach SMS or mail here',
    });
    for (const [key, table] of Object.entries(this.tables)) {
      new CfnOutput(this, `${tables[key as TableKey].name}TableName`, {
        value: table.tableName,
        description: `DynamoDB table ${tables[key as TableKey].name} (${tables[key as TableKey].envVar})`,
      });
    }

    new CfnOutput(this, 'CheckpointBucketName', {
      value: this.checkpoints.bucket.bucketName,
      description: 'Signed checkpoints of the case timelines (ANCHOR_BUCKET for npm run verify-timelines)',
    });
    new CfnOutput(this, 'CheckpointKeyArn', {
      value: this.checkpoints.keyArn,
      description: 'The key that signs them (ANCHOR_KEY_ID; GetPublicKey suffices to verify)',
    });
    new CfnOutput(this, 'CheckpointPublicKey', {
      value: this.checkpoints.publicKey,
      description:
        "The key's public half, base64 SPKI DER, as the verify route has it (ANCHOR_PUBLIC_KEY): keep a copy with the centre's records",
    });

    // Console host by partition: the centre may deploy to an AWS China region (console.amazonaws.cn).
    const inChina = new CfnCondition(this, 'InAwsChina', { expression: Fn.conditionEquals(Aws.PARTITION, 'aws-cn') });
    const consoleHost = Fn.conditionIf(
      inChina.logicalId,
      'console.amazonaws.cn',
      `${Aws.REGION}.console.aws.amazon.com`,
    ).toString();
    for (const clock of this.clocks) {
      new CfnOutput(this, `${clock.spec.name}StateMachineArn`, {
        value: clock.stateMachine.stateMachineArn,
        description: `State machine ${clock.spec.name} (${clock.spec.envVar}); executions are named by case id`,
      });
      new CfnOutput(this, `${clock.spec.name}ExecutionConsoleUrl`, {
        value: `https://${consoleHost}/states/home?region=${Aws.REGION}#/v2/executions/details/arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${clock.stateMachineName}:${policies[clock.spec.duty].executionName('<caseId>')}`,
        description: `Open one case's ${clock.spec.name} execution: replace <caseId> with the case id`,
      });
    }
    if (this.site && this.userDirectory) {
      new CfnOutput(this, 'SiteUrl', {
        value: `${this.site.origin}/`,
        description: 'The web pages (and the API under /v1/, same origin): give this one to people',
      });
      new CfnOutput(this, 'SiteBucketName', { value: this.site.bucket.bucketName });
      new CfnOutput(this, 'HostedUiUrl', {
        value: this.userDirectory.hostedUiUrl,
        description: 'The Cognito hosted UI the pages sign in with',
      });
    }
    if (this.userDirectory) {
      new CfnOutput(this, 'UserPoolId', { value: this.userDirectory.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.userDirectory.client.userPoolClientId });
      new CfnOutput(this, 'JwtIssuer', { value: this.userDirectory.issuer });
    }
    if (this.alarms.topic) new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
