import { Stack, Token } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Requests one client IP may send in five minutes before the web ACL blocks it (until its rate falls again). */
export const DEFAULT_EDGE_RATE_LIMIT_PER_IP = 1500;

export interface EdgeWebAclProps {
  /**
   * Requests per client IP per five minutes (WAF's rate-based rule, evaluated over a sliding 5-minute window).
   * 1,500 is 5 per second sustained: far above a person at a browser or a clerk at a window, low enough that one
   * machine cannot flood the API. An office behind one NAT address counts as one client: raise it for such a centre.
   * @default DEFAULT_EDGE_RATE_LIMIT_PER_IP
   */
  readonly rateLimitPerIp?: number;
}

/**
 * An AWS WAF web ACL for a CloudFront distribution (scope CLOUDFRONT, which AWS only accepts in us-east-1): a
 * rate-based rule per client IP, then AWS's managed common rule set (the OWASP-style bad inputs) and known bad inputs.
 * Everything else is allowed: the API verifies tokens and roles itself.
 */
export class EdgeWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  /** The ARN to give a distribution's `webAclId`. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps = {}) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== 'us-east-1') {
      throw new Error(
        `A web ACL for CloudFront must be created in us-east-1, not ${Token.isUnresolved(region) ? 'an unspecified region' : region}: give the stack env { region: 'us-east-1' } (see XiaonengEdgeAclStack)`,
      );
    }
    const limit = props.rateLimitPerIp ?? DEFAULT_EDGE_RATE_LIMIT_PER_IP;
    if (!Number.isInteger(limit) || limit < 10)
      throw new Error(`rateLimitPerIp=${limit}: WAF needs a whole number ≥ 10`);

    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      overrideAction: { none: {} },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'xiaoneng API edge: rate limit per client IP, AWS managed common rule set and known bad inputs',
      visibilityConfig: visibility('xiaoneng-edge'),
      rules: [
        {
          name: 'RateLimitPerClientIp',
          priority: 0,
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit, evaluationWindowSec: 300 } },
          action: { block: {} },
          visibilityConfig: visibility('RateLimitPerClientIp'),
        },
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });
    this.arn = this.webAcl.attrArn;
  }
}
