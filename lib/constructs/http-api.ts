import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes as allRoutes, type RouteSpec, rolesOf } from '../../functions/http/routes.ts';
import type { FunctionName } from '../../functions/manifest.ts';
import { acknowledge } from './nag.ts';

/**
 * Who can call a route, read from the route table, which decides how much of the API it may use:
 *  - `public`: anyone, no token (the catalogue, the calendar, departments, the evaluations, the tracker, the OpenAPI document);
 *  - `applicant`: routes an applicant may call (their applications, receipts, notifications) — any member of the
 *    public with an account, so many callers; staff reads that share such a route share its class;
 *  - `staff`: routes only staff, supervisors and administrators may call (decisions, acceptance, suspension,
 *    extension, review, the worklist, the catalogue's administration): the decision path.
 */
export type ThrottleClass = 'public' | 'applicant' | 'staff';

export interface RouteThrottle {
  /** Steady-state requests per second the route accepts. */
  readonly rateLimit: number;
  /** Requests the route accepts at once above the steady rate. */
  readonly burstLimit: number;
}

/** The class of a route, derived from its access policy in functions/http/routes.ts (never listed by hand). */
export function throttleClassOf(route: RouteSpec): ThrottleClass {
  if ('public' in route.access) return 'public';
  return rolesOf(route.access).includes('applicant') ? 'applicant' : 'staff';
}

/**
 * Each route's own limits, by class (API Gateway route settings). Why these numbers (docs/deploy.md, "Throttling"):
 * a centre's staff act at human speed, tens of people; 50/s per staff route is far above what they need and far
 * below what would exhaust the clock's reserved concurrency or the account's. Public routes are capped lowest:
 * with 8 of them at 10/s, anonymous traffic can reach at most ~80 invocations per second whatever it does, so it
 * cannot crowd out the decision routes (each keeps its own bucket) nor, through Lambda, the clock.
 */
export const DEFAULT_ROUTE_THROTTLES: Readonly<Record<ThrottleClass, RouteThrottle>> = {
  public: { rateLimit: 10, burstLimit: 20 },
  applicant: { rateLimit: 20, burstLimit: 40 },
  staff: { rateLimit: 50, burstLimit: 100 },
};

export interface XiaonengHttpApiProps {
  /** The deployed functions, by manifest name; each route invokes its own. */
  readonly functions: Record<FunctionName, lambda.IFunction>;
  /**
   * Limits per route class (see ThrottleClass); a class not given keeps its default.
   * @default DEFAULT_ROUTE_THROTTLES
   */
  readonly routeThrottles?: Partial<Record<ThrottleClass, RouteThrottle>>;
  /**
   * The route table to serve.
   * @default routes of `functions/http/routes.ts`
   */
  readonly routes?: readonly RouteSpec[];
  /**
   * Where each route (with its integration and Lambda permission) is created: the construct of its area's nested
   * stack (lib/api-areas.ts), so that the API's routes do not all count against one stack's 500 resources.
   * @default - this construct
   */
  readonly routeScope?: (route: RouteSpec) => Construct;
  /**
   * Default route throttle of the stage: what a route without route settings gets (every route of the table has its
   * own; this covers anything added by hand).
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst limit of the stage.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
  /**
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** One access log line per request, as JSON (HTTP API context variables only). */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    // No caller here: tokens are verified in the function, whose log line for the request names the subject.
  }),
);

/**
 * The HTTP API built from the route table of `functions/http/routes.ts`, the same table the local server serves.
 *
 * No route has an API Gateway authorizer: every function verifies the caller's JWT itself (JWT_ISSUER, JWT_AUDIENCE,
 * JWT_JWKS_URL, set by the stack), exactly as it does locally. API Gateway's JWT authorizer answers a bare
 * `{"message":"Unauthorized"}` that cannot be customised, where the API promises problem+json saying whether the
 * token is missing, expired or signed by another key; and it could only check scopes, not the roles the handler
 * checks anyway. What stops an unauthenticated flood from reaching the functions instead: each route's throttle
 * (by class, above), the reserved concurrency that keeps the clock running whatever the API does, and optionally
 * the WAF in front (EdgeFront).
 */
export class XiaonengHttpApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The routes created, keyed `METHOD path` (the API Gateway route key). */
  readonly routesByKey: Record<string, apigw.HttpRoute>;

  constructor(scope: Construct, id: string, props: XiaonengHttpApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'Api', {
      description: 'xiaoneng: approval items, applications and their approval clocks',
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttlingRateLimit ?? 50,
        burstLimit: props.throttlingBurstLimit ?? 100,
      },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });

    const throttles = { ...DEFAULT_ROUTE_THROTTLES, ...props.routeThrottles };
    for (const [name, limits] of Object.entries(throttles)) {
      if (!(limits.rateLimit > 0 && limits.burstLimit > 0)) {
        throw new Error(`routeThrottles.${name}: rateLimit and burstLimit must be positive`);
      }
    }
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

    this.routesByKey = {};
    const byScope = new Map<Construct, Construct>();
    for (const route of props.routes ?? allRoutes) {
      const key = `${route.method} ${route.path}`;
      const integration = new HttpLambdaIntegration('Integration', props.functions[route.function]);
      const owner = props.routeScope?.(route) ?? this;
      let scope = byScope.get(owner);
      if (!scope) {
        scope = owner === this ? this : new Construct(owner, 'Routes');
        byScope.set(owner, scope);
      }
      // The id the API's own addRoutes would give (method and path), so a route's logical id says which it is.
      const created = new apigw.HttpRoute(scope, `${route.method}${route.path}`.replaceAll('/', '--'), {
        httpApi: this.httpApi,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration,
      });
      this.routesByKey[key] = created;
      const limits = throttles[throttleClassOf(route)];
      routeSettings[key] = { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit };
      acknowledge(
        created,
        'AwsSolutions-APIG4',
        'public' in route.access
          ? `${key} is public by design (functions/http/routes.ts): ${route.summary}. Its route throttle (class public) limits abuse.`
          : `${key} verifies the caller's JWT in its function (JWT_ISSUER/JWT_AUDIENCE/JWT_JWKS_URL) so that a refusal is problem+json naming the reason (missing, expired, other key), which API Gateway's JWT authorizer cannot answer. Its route throttle (class ${throttleClassOf(route)}) bounds unauthenticated load.`,
      );
    }
    // Route settings by route key; the L2 stage has no property for them. Each route gets its own token bucket.
    // CloudFormation refuses settings for a route that does not exist yet, so the stage waits for the routes (for a
    // route in a nested stack, CDK makes the stage wait for that nested stack).
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.routeSettings = routeSettings;
    this.stage.node.addDependency(...Object.values(this.routesByKey));
  }

  /** The URL of the `$default` stage. */
  get url(): string {
    return this.stage.url;
  }
}
