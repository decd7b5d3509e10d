import { join } from 'node:path';
import { AssetHashType, Aws, DefaultStackSynthesizer, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { buildSiteSync, SITE_ENTRY, type SiteConfig, siteSecurityHeaders, writeSite } from '../site-build.ts';
import type { XiaonengHttpApi } from './http-api.ts';
import { acknowledge, acknowledgeWildcardResource } from './nag.ts';

/** The files at the site's root that are served as themselves; every other path outside /assets/ and /v1/ is a page. */
export const SITE_ROOT_FILES = ['/index.html', '/config.json'] as const;

/**
 * The CloudFront Function of the default behaviour (viewer request): a page path (`/staff`, `/guide/SC-001`,
 * `/signed-in?code=…`) is answered with `/index.html` and the pages route in the browser — the same rule as
 * local/site.ts. A function rather than the distribution's error responses (403/404 → /index.html), which would
 * apply to every behaviour and turn the API's own 404s into a 200 HTML page. `/v1/*` and `/assets/*` have
 * behaviours of their own and never reach it.
 */
export const SPA_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var files = ${JSON.stringify(Object.fromEntries(SITE_ROOT_FILES.map((f) => [f, true])))};
  if (!files[request.uri]) request.uri = '/index.html';
  return request;
}`;

/** Cache-Control of the content-hashed `/assets/*`: a new build has new names, so a browser may keep these for ever. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Cache-Control of `index.html` and `config.json`: always asked again, so a deploy shows at the next page load. */
export const PAGE_CACHE_CONTROL = 'no-cache';

export interface StaticSiteProps {
  /** The API the pages call: `/v1/*` of the distribution goes to it, same origin (no CORS). */
  readonly api: XiaonengHttpApi;
  /** How people sign in: the Cognito hosted UI's base URL, the app client and the token issuer. */
  readonly auth: {
    readonly domain: string;
    readonly clientId: string;
    readonly issuer: string;
  };
  /**
   * ARN of a CLOUDFRONT web ACL (us-east-1) to apply: the edge's, when the stack has one.
   * @default - no web ACL
   */
  readonly webAclArn?: string;
  /**
   * The site's bucket and its access-log bucket. With DESTROY their objects are deleted with them.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Days the access logs (the buckets' and CloudFront's) are kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * The web pages in AWS: the same build `npm start` serves (lib/site-build.ts), in a private S3 bucket that only this
 * CloudFront distribution may read (origin access control), with `/config.json` naming the deployed sign-in (the
 * Cognito hosted UI). One distribution serves the pages and, under `/v1/*`, forwards to the HTTP API uncached — so
 * the pages call the API on their own origin, with no CORS, exactly as they do locally.
 */
export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly spaRewrite: cloudfront.Function;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  /** The assets (long cache) and the pages with config.json (no cache), deployed in that order. */
  readonly deployments: { readonly assets: s3deploy.BucketDeployment; readonly pages: s3deploy.BucketDeployment };
  /** What `/config.json` says. */
  readonly config: SiteConfig;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const destroy = removalPolicy === RemovalPolicy.DESTROY;
    const logDays = props.logRetentionDays ?? 365;

    // Access logs of the site bucket and of CloudFront. CloudFront's standard logs are written with an ACL, so this
    // bucket keeps ACLs on (BUCKET_OWNER_PREFERRED); nothing else is written to it.
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(logDays) }],
      removalPolicy,
      autoDeleteObjects: destroy,
    });
    acknowledge(
      this.logBucket,
      'AwsSolutions-S1',
      'This is the access-log bucket of the site bucket and of the distribution; logging it into itself would loop, and into another bucket would only move the question.',
    );

    this.bucket = new s3.Bucket(this, 'Files', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A bad deploy can be undone from the previous versions; they are kept 90 days.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      removalPolicy,
      autoDeleteObjects: destroy,
    });

    this.spaRewrite = new cloudfront.Function(this, 'SpaRewrite', {
      comment: 'xiaoneng: page paths are answered with /index.html (the pages route in the browser)',
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'xiaoneng pages: the security headers of lib/site-build.ts siteSecurityHeaders, plus HSTS',
      securityHeadersBehavior: securityHeadersBehavior(siteSecurityHeaders([props.auth.domain])),
    });

    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const apiDomain = `${props.api.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'xiaoneng web pages, and the API under /v1/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultRootObject: 'index.html',
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      // index.html (every page path) and config.json: never cached, so a deploy shows at once.
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: this.headers,
        functionAssociations: [{ function: this.spaRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // Content-hashed names: cached as long as CloudFront allows; a missing asset stays an error, not a page.
        '/assets/*': {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: this.headers,
          compress: true,
        },
        // The API, as EdgeFront forwards it: nothing cached (answers depend on the token and the minute), every
        // method, every viewer header but Host (API Gateway routes on its own host name). HTTPS only: a token must
        // never be sent in clear, so no redirect from http either.
        '/v1/*': {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
        },
      },
    });

    this.config = {
      // Same origin: /v1/* of this distribution is the API.
      apiBase: '',
      auth: { mode: 'cognito', domain: props.auth.domain, clientId: props.auth.clientId, issuer: props.auth.issuer },
    };
    const built = siteAsset();
    this.deployments = {
      // Old assets are kept (no prune): a page loaded before a deploy still finds the scripts it names.
      assets: new s3deploy.BucketDeployment(this, 'DeployAssets', {
        sources: [built],
        destinationBucket: this.bucket,
        exclude: ['*'],
        include: ['assets/*'],
        prune: false,
        cacheControl: [s3deploy.CacheControl.fromString(ASSET_CACHE_CONTROL)],
        retainOnDelete: !destroy,
        memoryLimit: 512,
      }),
      pages: new s3deploy.BucketDeployment(this, 'DeployPages', {
        sources: [built, s3deploy.Source.jsonData('config.json', this.config)],
        destinationBucket: this.bucket,
        exclude: ['assets/*'],
        prune: true,
        cacheControl: [s3deploy.CacheControl.fromString(PAGE_CACHE_CONTROL)],
        retainOnDelete: !destroy,
        memoryLimit: 512,
      }),
    };
    // The new index.html names the new assets: they must be there first.
    this.deployments.pages.node.addDependency(this.deployments.assets);

    this.acknowledgeFindings(props);
  }

  /** `https://<distribution>.cloudfront.net` (no trailing slash): the site's origin. */
  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  private acknowledgeFindings(props: StaticSiteProps): void {
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: the service guides and disclosures are public, and applicants and companies of the development zone apply from anywhere, including abroad.',
    );
    if (!props.webAclArn) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        "No web ACL unless the stack's edge is on (-c edge=true applies the edge's AWS WAF web ACL here too): the pages are static files, and /v1/* keeps the API's own route throttles (docs/deploy.md, \"The web site\").",
      );
    }
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate cannot pin a minimum viewer TLS version; a centre that adds its own domain and ACM certificate sets TLSv1.2_2021 there (docs/deploy.md, "The web site").',
    );
    // BucketDeployment's singleton handler lives at the stack's root; its findings are acknowledged on it alone,
    // each wildcard by name. (autoDeleteObjects' provider, dev stacks only, raises none.)
    const deployer = 'BucketDeployment (a CDK-provided deploy-time handler that copies the built site into the bucket)';
    for (const provider of stackChildren(this, /^Custom::CDKBucketDeployment/)) {
      acknowledge(
        provider,
        'AwsSolutions-L1',
        `${deployer}: its runtime is the one aws-cdk-lib pins and moves forward.`,
      );
      acknowledge(
        provider,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        `${deployer}: the managed basic execution role lets it write its own logs and nothing else.`,
      );
      for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
        acknowledge(
          provider,
          `AwsSolutions-IAM5[Action::${action}]`,
          `${deployer}: CDK's grantRead/grantReadWrite action groups, on the CDK asset bucket (read) and this site bucket (write, and delete for prune) only.`,
        );
      }
      acknowledgeWildcardResource(
        provider,
        this.bucket.arnForObjects('*'),
        `${deployer}: writes the built files into this bucket; their names (content hashes) are known only at build time.`,
      );
      const stack = Stack.of(this);
      if (stack.synthesizer instanceof DefaultStackSynthesizer && stack.synthesizer.bootstrapQualifier) {
        // The bootstrap bucket's name as the synthesizer spells it (literal account and region when the stack has them).
        const assets = `cdk-${stack.synthesizer.bootstrapQualifier}-assets-${stack.account}-${stack.region}`;
        acknowledgeWildcardResource(
          provider,
          `arn:${stack.partition}:s3:::${assets}/*`,
          `${deployer}: reads the zipped site from the CDK bootstrap asset bucket, whose object key is the asset hash.`,
        );
      }
    }
  }
}

/** Direct children of the stack whose id matches (CDK's singleton providers are created there). */
function stackChildren(scope: IConstruct, id: RegExp): IConstruct[] {
  return Stack.of(scope).node.children.filter((child) => id.test(child.node.id));
}

/**
 * The built site as a deployment source: CDK's local bundling runs the same build as `npm start`
 * (lib/site-build.ts) and writes it into the cloud assembly. Hashed by its output, so an unchanged build is not
 * uploaded again. A synthesis that skips bundling (`aws:cdk:bundling-stacks`) skips the build as well.
 */
function siteAsset(): s3deploy.ISource {
  return s3deploy.Source.asset(join(SITE_ENTRY, '..'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
      local: {
        tryBundle(outputDir: string): boolean {
          bundleSite(outputDir);
          return true;
        },
      },
    },
  });
}

/** What the site asset's bundling does: the build of `npm start`, written into `outputDir`. */
export function bundleSite(outputDir: string): void {
  writeSite(buildSiteSync(), outputDir);
}

/** The CloudFront form of siteSecurityHeaders (every header of it, or the synthesis fails), with HSTS added. */
export function securityHeadersBehavior(headers: Record<string, string>): cloudfront.ResponseSecurityHeadersBehavior {
  const known = new Set(['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options']);
  const unknown = Object.keys(headers).filter((h) => !known.has(h));
  if (unknown.length > 0) {
    throw new Error(`siteSecurityHeaders has ${unknown.join(', ')}: map it to the response headers policy here`);
  }
  const referrer = headers['referrer-policy'];
  const referrerPolicy = Object.values(cloudfront.HeadersReferrerPolicy).find((p) => p === referrer);
  const frame = headers['x-frame-options']?.toUpperCase();
  if (!referrerPolicy) throw new Error(`referrer-policy ${referrer}: not one CloudFront can send`);
  if (frame !== 'DENY' && frame !== 'SAMEORIGIN') throw new Error(`x-frame-options ${frame}: DENY or SAMEORIGIN`);
  if (headers['x-content-type-options'] !== 'nosniff') throw new Error('x-content-type-options must be nosniff');
  return {
    contentSecurityPolicy: { contentSecurityPolicy: headers['content-security-policy'] as string, override: true },
    contentTypeOptions: { override: true },
    referrerPolicy: { referrerPolicy, override: true },
    frameOptions: {
      frameOption: frame === 'DENY' ? cloudfront.HeadersFrameOption.DENY : cloudfront.HeadersFrameOption.SAMEORIGIN,
      override: true,
    },
    strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
  };
}
