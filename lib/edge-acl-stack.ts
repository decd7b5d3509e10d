import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EdgeWebAcl, type EdgeWebAclProps } from './constructs/edge-web-acl.ts';

export interface XiaonengEdgeAclStackProps extends StackProps, EdgeWebAclProps {}

/**
 * The web ACL of the edge, alone, for a main stack outside us-east-1: AWS WAF only creates CLOUDFRONT web ACLs in
 * us-east-1. Deploy this stack first, then the main stack with `-c edge=true -c edgeWebAclArn=<its WebAclArn output>`
 * (docs/deploy.md, "The edge"). A plain output instead of a cross-region reference: CDK's cross-region references
 * add a custom resource Lambda to both stacks for one string an operator copies once.
 */
export class XiaonengEdgeAclStack extends Stack {
  readonly acl: EdgeWebAcl;

  constructor(scope: Construct, id: string, props: XiaonengEdgeAclStackProps) {
    super(scope, id, props);
    this.acl = new EdgeWebAcl(this, 'Acl', { rateLimitPerIp: props.rateLimitPerIp });
    new CfnOutput(this, 'WebAclArn', {
      value: this.acl.arn,
      description: 'Give it to the main stack: -c edge=true -c edgeWebAclArn=<this>',
    });
  }
}
