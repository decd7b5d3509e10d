import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSET_CACHE_CONTROL,
  bundleSite,
  PAGE_CACHE_CONTROL,
  SPA_REWRITE_CODE,
} from '../../lib/constructs/static-site.ts';
import { checkDomainPrefix } from '../../lib/constructs/user-directory.ts';
import { buildSite, siteSecurityHeaders } from '../../lib/site-build.ts';
import { temporaryFolder } from '../support/temporary.ts';
import { removeAssemblies, type Synthesized, synthesize, unacknowledgedNagFindings } from './synth.ts';

afterAll(removeAssemblies);

type Json = Record<string, unknown>;

/** CloudFront's managed policies, by id (the same in every account). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const only = <T>(found: Record<string, T>): [string, T] => {
  const entries = Object.entries(found);
  expect(entries).toHaveLength(1);
  return entries[0] as [string, T];
};

describe('StaticSite and the Cognito hosted UI', () => {
  let synth: Synthesized;
  let ids: { bucket: string; distribution: string; client: string; domain: string; api: string; fn: string };
  let distribution: Json;
  beforeAll(() => {
    // Prepare
    synth = synthesize();
    const { stack } = synth;
    const site = stack.site;
    if (!site || !stack.userDirectory) throw new Error('the stack has no site');
    const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
    ids = {
      bucket: id(site.bucket),
      distribution: id(site.distribution),
      client: id(stack.userDirectory.client),
      domain: id(stack.userDirectory.domain),
      api: id(stack.api.httpApi),
      fn: id(site.spaRewrite),
    };
    distribution = (synth.template.toJSON().Resources[ids.distribution] as { Properties: Json }).Properties
      .DistributionConfig as Json;
  });

  it('keeps the files in a private, encrypted, versioned, logged bucket that only the distribution reads (OAC)', () => {
    // Assess: the bucket
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    // Assess: origin access control, never an origin access identity
    synth.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const [oacId] = only(
      synth.template.findResources('AWS::CloudFront::OriginAccessControl', {
        Properties: {
          OriginAccessControlConfig: Match.objectLike({
            OriginAccessControlOriginType: 's3',
            SigningBehavior: 'always',
          }),
        },
      }),
    );
    const s3Origin = (distribution.Origins as Json[]).find((o) => o.S3OriginConfig);
    expect(s3Origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [ids.bucket, 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
    // Assess: the bucket policy allows CloudFront (this distribution) to read, and nobody else anything
    const [, policy] = only(
      synth.template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: ids.bucket } } }),
    );
    const statements = ((policy as { Properties: { PolicyDocument: { Statement: Json[] } } }).Properties.PolicyDocument
      .Statement ?? []) as Json[];
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', expect.arrayContaining([{ Ref: ids.distribution }])],
            },
          },
        },
      }),
    ]);
    expect(statements.filter((s) => s.Effect === 'Deny').map((s) => s.Condition)).toEqual(
      expect.arrayContaining([{ Bool: { 'aws:SecureTransport': 'false' } }]),
    );
  });

  it('serves pages through the SPA function, hashed assets cached long, /v1/* from the API uncached', () => {
    // Assess: default behaviour — S3, the rewrite function, nothing cached (index.html, config.json)
    const s3OriginId = ((distribution.Origins as Json[]).find((o) => o.S3OriginConfig) as Json).Id;
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: s3OriginId,
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: CACHING_DISABLED,
      ViewerProtocolPolicy: 'redirect-to-https',
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [ids.fn, 'FunctionARN'] } }],
    });
    // Assess: no distribution-wide error pages, which would turn the API's 404s into index.html
    expect(distribution.CustomErrorResponses).toBeUndefined();
    const behaviours = Object.fromEntries(
      (distribution.CacheBehaviors as Json[]).map((b) => [b.PathPattern as string, b]),
    );
    expect(Object.keys(behaviours).sort()).toEqual(['/assets/*', '/v1/*']);
    expect(behaviours['/assets/*']).toMatchObject({ TargetOriginId: s3OriginId, CachePolicyId: CACHING_OPTIMIZED });
    expect(behaviours['/assets/*']?.FunctionAssociations).toBeUndefined();
    // Assess: /v1/* — the HTTP API's own domain, every method, every header but Host, nothing cached, HTTPS only
    const apiOrigin = (distribution.Origins as Json[]).find((o) => o.Id === behaviours['/v1/*']?.TargetOriginId);
    expect(apiOrigin).toMatchObject({
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
    expect(apiOrigin?.DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: ids.api }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(behaviours['/v1/*']).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(new Set(behaviours['/v1/*']?.AllowedMethods as string[])).toEqual(
      new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
    );
    expect(behaviours['/v1/*']?.FunctionAssociations).toBeUndefined();
  });

  it.each([
    ['/', '/index.html'],
    ['/staff', '/index.html'],
    ['/guide/SC-001', '/index.html'],
    ['/signed-in', '/index.html'],
    ['/my/cases/C-2026-1.x', '/index.html'],
    ['/index.html', '/index.html'],
    ['/config.json', '/config.json'],
  ])('the SPA function (run as CloudFront runs it) answers %s with %s', (uri, expected) => {
    // Prepare
    const handler = new Function(`${SPA_REWRITE_CODE}\nreturn handler;`)() as (event: unknown) => { uri: string };
    const request = { uri, method: 'GET', querystring: { code: { value: 'abc' } }, headers: {} };

    // Act
    const out = handler({ request });

    // Assess: the rewritten path, the query kept (the sign-in's ?code=… reaches the page)
    expect(out.uri).toBe(expected);
    expect(out).toMatchObject({ querystring: { code: { value: 'abc' } } });
  });

  it('sends the security headers of siteSecurityHeaders, the Cognito domain allowed to connect, and HSTS', () => {
    // Prepare
    const { stack } = synth;
    const expected = stack.resolve(
      siteSecurityHeaders([stack.userDirectory?.hostedUiUrl as string])['content-security-policy'],
    );

    // Assess
    const [policyId, policy] = only(synth.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const config = (policy as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Json } } })
      .Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(config).toMatchObject({
      ContentSecurityPolicy: { ContentSecurityPolicy: expected, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
    });
    const csp = JSON.stringify(expected);
    expect(csp).toContain("connect-src 'self' https://");
    expect(csp).toContain(`{"Ref":"${ids.domain}"}`);
    expect(csp).toContain(".amazoncognito.com; frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self';");
    // The pages and assets get it; the API's answers are left as the API sends them.
    expect(distribution.DefaultCacheBehavior).toMatchObject({ ResponseHeadersPolicyId: { Ref: policyId } });
    const behaviours = distribution.CacheBehaviors as Json[];
    expect(behaviours.find((b) => b.PathPattern === '/assets/*')).toMatchObject({
      ResponseHeadersPolicyId: { Ref: policyId },
    });
    expect(behaviours.find((b) => b.PathPattern === '/v1/*')?.ResponseHeadersPolicyId).toBeUndefined();
  });

  it('deploys the assets (kept, cached for ever), then index.html and config.json with the deployed values (no cache)', () => {
    // Prepare
    const deployments = synth.template.findResources('Custom::CDKBucketDeployment');
    const byPrune = (prune: boolean) =>
      Object.entries(deployments).find(([, d]) => (d as { Properties: Json }).Properties.Prune === prune) as [
        string,
        { Properties: Json; DependsOn?: string[] },
      ];
    const [assetsId, assets] = byPrune(false);
    const [, pages] = byPrune(true);

    // Assess: both into the site bucket; the assets first
    expect(Object.keys(deployments)).toHaveLength(2);
    expect(assets.Properties).toMatchObject({
      DestinationBucketName: { Ref: ids.bucket },
      Include: ['assets/*'],
      Exclude: ['*'],
      SystemMetadata: { 'cache-control': ASSET_CACHE_CONTROL },
    });
    expect(pages.Properties).toMatchObject({
      DestinationBucketName: { Ref: ids.bucket },
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': PAGE_CACHE_CONTROL },
    });
    expect(pages.DependsOn).toEqual(expect.arrayContaining([assetsId]));
    // Assess: the same built site in both; config.json is the second source of the pages
    const keys = pages.Properties.SourceObjectKeys as string[];
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe((assets.Properties.SourceObjectKeys as string[])[0]);

    // Act: config.json as the deployment writes it — the staged file with its markers replaced
    const folder = join(synth.app.outdir, `asset.${(keys[1] as string).replace(/\.zip$/, '')}`);
    expect(readdirSync(folder)).toEqual(['config.json']);
    let text = readFileSync(join(folder, 'config.json'), 'utf8');
    const markers = (pages.Properties.SourceMarkers as Record<string, unknown>[])[1] as Record<string, unknown>;
    for (const [marker, value] of Object.entries(markers)) text = text.split(marker).join(`«${(value as Json).Ref}»`);
    const config = JSON.parse(text) as Json;

    // Assess
    expect(config).toEqual({
      apiBase: '',
      auth: {
        mode: 'cognito',
        domain: `https://«${ids.domain}».auth.«AWS::Region».amazoncognito.com`,
        clientId: `«${ids.client}»`,
        issuer: expect.stringMatching(
          /^https:\/\/cognito-idp\.«AWS::Region»\.«AWS::URLSuffix»\/«UsersUserPool[0-9A-F]+»$/,
        ),
      },
    });
  });

  it('builds for CDK exactly what npm start serves (the asset bundling writes buildSite’s files)', async () => {
    // Prepare
    const folder = temporaryFolder('site-bundle');
    const served = await buildSite();

    // Act
    bundleSite(folder);

    // Assess
    for (const file of served) expect(readFileSync(join(folder, file.path)).equals(file.body), file.path).toBe(true);
    const written = readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `/${join(e.parentPath, e.name).slice(folder.length + 1)}`)
      .sort();
    expect(written).toEqual(served.map((f) => f.path).sort());
    expect(written).toContain('/index.html');
  });

  it('signs in through the hosted UI: code grant with PKCE only, no secret, back to the distribution', () => {
    // Assess: the client
    const [, client] = only(synth.template.findResources('AWS::Cognito::UserPoolClient'));
    const props = (client as { Properties: Json }).Properties;
    const onDistribution = (path: string) => ({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }, path]],
    });
    expect(props).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [onDistribution('/signed-in')],
      LogoutURLs: [onDistribution('/')],
    });
    // The API accepts ID tokens for this client (aud): the JWT_AUDIENCE of every HTTP function.
    const functions = synth.template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { JWT_AUDIENCE: Match.anyValue() } } },
    });
    expect(Object.keys(functions).length).toBeGreaterThan(0);
    for (const fn of Object.values(functions)) {
      expect(
        (fn as { Properties: { Environment: { Variables: Json } } }).Properties.Environment.Variables,
      ).toMatchObject({ JWT_AUDIENCE: { Ref: ids.client } });
    }
    // Assess: the domain — `<stack name>-<account>` by default
    synth.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['xiaoneng-', { Ref: 'AWS::AccountId' }]] },
    });
    expect(Object.keys(synth.template.toJSON().Outputs as Json)).toEqual(
      expect.arrayContaining(['SiteUrl', 'SiteBucketName', 'HostedUiUrl']),
    );
  });

  it('takes the hosted UI prefix from authDomainPrefix, and refuses one Cognito would refuse; a dev stack too is nag-clean', () => {
    // Act
    const chosen = synthesize({
      authDomainPrefix: 'zone-services',
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });

    // Assess
    expect(unacknowledgedNagFindings(chosen.app)).toEqual([]);
    const buckets = Object.values(chosen.template.findResources('AWS::S3::Bucket')) as { DeletionPolicy?: string }[];
    expect(buckets.filter((b) => b.DeletionPolicy === 'Delete').length).toBe(2);
    chosen.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'zone-services' });
    expect(() => checkDomainPrefix('Zone')).toThrow(/lower-case/);
    expect(() => checkDomainPrefix('-zone')).toThrow(/hyphen/);
    expect(() => checkDomainPrefix('my-aws-zone')).toThrow(/aws, amazon or cognito/);
    expect(() => synthesize({ authDomainPrefix: 'cognito-zone' })).toThrow(/authDomainPrefix=cognito-zone/);
  });

  it('the whole stack stays cdk-nag clean with the site', () => {
    // Assess
    expect(unacknowledgedNagFindings(synth.app)).toEqual([]);
  });

  it('with the edge on, the site distribution applies the same web ACL', () => {
    // Prepare
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/xiaoneng-edge/abc';

    // Act
    const edged = synthesize({ env: { account: '123456789012', region: 'ap-east-1' }, edge: true, edgeWebAclArn: arn });

    // Assess
    const distributions = Object.values(edged.template.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: Json };
    }[];
    expect(distributions).toHaveLength(2);
    for (const d of distributions) expect(d.Properties.DistributionConfig.WebACLId).toBe(arn);
  });

  it('has no site with the centre’s own identity provider, and says why', () => {
    // Act
    const own = synthesize({
      jwtIssuer: 'https://id.example.org',
      jwtAudience: ['xiaoneng'],
      jwtJwksUrl: 'https://id.example.org/jwks',
    });

    // Assess
    expect(own.stack.site).toBeUndefined();
    own.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    Annotations.fromStack(own.stack).hasInfo('/Xiaoneng', Match.stringLikeRegexp('no web site is deployed'));
  });
});
