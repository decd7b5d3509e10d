import { Aws } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import type { XiaonengHttpApi } from './http-api.ts';
import { acknowledge } from './nag.ts';

export interface EdgeFrontProps {
  /** The API to put behind CloudFront. */
  readonly api: XiaonengHttpApi;
  /** ARN of the WAF web ACL (scope CLOUDFRONT, in us-east-1) the distribution applies. */
  readonly webAclArn: string;
}

/**
 * CloudFront in front of the HTTP API, so that AWS WAF (a rate-based rule per client IP, managed rule sets) sees
 * every request before API Gateway does: API Gateway's HTTP APIs cannot take a web ACL themselves. Nothing is
 * cached (every answer depends on the caller's token or changes by the minute), every method and every viewer header
 * but Host is forwarded (API Gateway routes on its own host name), and the origin is spoken to over TLS 1.2.
 *
 * The execute-api URL stays reachable directly, bypassing the web ACL: the route throttles still hold there. To
 * close it, give the API a custom domain and disable its default endpoint (docs/deploy.md, "The edge").
 */
export class EdgeFront extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: EdgeFrontProps) {
    super(scope, id);
    const originDomain = `${props.api.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'xiaoneng API behind AWS WAF',
      webAclId: props.webAclArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: new origins.HttpOrigin(originDomain, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
    });

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: applicants and companies of the development zone call from anywhere, including abroad; the web ACL limits each client instead.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      "No CloudFront access log bucket: every request that passes is logged by the API stage's JSON access log, and the web ACL's metrics and sampled requests show what it blocked.",
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate cannot pin a minimum viewer TLS version; a centre that adds its own domain and ACM certificate sets TLSv1.2_2021 there (docs/deploy.md, "The edge").',
    );
  }

  /** `https://<distribution>.cloudfront.net/`: the API's URL through the edge. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }
}
