import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes as allRoutes, type RouteSpec } from '../../functions/http/routes.ts';
import type { FunctionName } from '../../functions/manifest.ts';
import { acknowledge } from './nag.ts';

export interface XiaonengHttpApiProps {
  /** The deployed functions, by manifest name; each route invokes its own. */
  readonly functions: Record<FunctionName, lambda.IFunction>;
  /** Issuer (`iss`) of the JWTs the API accepts. */
  readonly jwtIssuer: string;
  /** Accepted audiences (`aud`, or `client_id` for access tokens). */
  readonly jwtAudience: readonly string[];
  /**
   * The route table to serve.
   * @default routes of `functions/http/routes.ts`
   */
  readonly routes?: readonly RouteSpec[];
  /**
   * Steady-state request rate limit of the stage (requests per second, all routes together).
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
    authorizerError: '$context.authorizer.error',
    // Who called: the token subject, so a request can be traced to a person.
    sub: '$context.authorizer.claims.sub',
  }),
);

/**
 * The HTTP API built from the route table of `functions/http/routes.ts`, the same table the local server serves.
 * Public routes have no authorizer; every other route requires a valid JWT from the configured issuer. Which role a
 * route admits is checked by the handler (the `cognito:groups` claim), exactly as it is locally: API Gateway's JWT
 * authorizer can only check scopes, and Cognito ID tokens carry no scopes.
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

    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.jwtIssuer, {
      jwtAudience: [...props.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });

    this.routesByKey = {};
    for (const route of props.routes ?? allRoutes) {
      const key = `${route.method} ${route.path}`;
      const integration = new HttpLambdaIntegration('Integration', props.functions[route.function]);
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        authorizer: 'public' in route.access ? undefined : authorizer,
      });
      if (!created) throw new Error(`no route created for ${key}`);
      this.routesByKey[key] = created;
      if ('public' in route.access) {
        acknowledge(
          created,
          'AwsSolutions-APIG4',
          `${key} is public by design (functions/http/routes.ts): ${route.summary}. The published service guide and the working-day calendar are open to everyone; the stage throttle limits abuse.`,
        );
      }
    }
  }

  /** The URL of the `$default` stage. */
  get url(): string {
    return this.stage.url;
  }
}
