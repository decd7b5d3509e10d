import { Annotations, App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploySettings } from '../lib/constructs/settings.ts';
import { XiaonengEdgeAclStack } from '../lib/edge-acl-stack.ts';
import { XiaonengStack } from '../lib/xiaoneng-stack.ts';

const app = new App();
const settings = readDeploySettings(app.node);
const contextText = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim();
};

// The edge's web ACL lives in us-east-1 (AWS WAF's rule for CloudFront), in a stack of its own: deploy it first,
// then this stack with -c edgeWebAclArn=<its WebAclArn output> (docs/deploy.md, "The edge").
const edgeAcl =
  settings.props.edge && settings.props.edgeWebAclArn === undefined
    ? new XiaonengEdgeAclStack(app, `${settings.stackName}-EdgeAcl`, {
        env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
        rateLimitPerIp: settings.props.edgeRateLimitPerIp,
        description: `xiaoneng (${settings.stage}): the AWS WAF web ACL of the API's CloudFront edge`,
      })
    : undefined;

const stack = new XiaonengStack(app, settings.stackName, {
  ...settings.props,
  // Until the web ACL exists (first deploy of the EdgeAcl stack), this stack is built without the edge.
  edge: settings.props.edge && settings.props.edgeWebAclArn !== undefined,
  // -c authDomainPrefix=<prefix>: the Cognito hosted UI's domain (docs/deploy.md, "The web site").
  authDomainPrefix: contextText('authDomainPrefix'),
  description: `xiaoneng (${settings.stage}): approval items, applications and their approval clocks`,
});
if (edgeAcl) {
  Annotations.of(stack).addInfo(
    `edge=true without edgeWebAclArn: deploy ${edgeAcl.stackName} first, then this stack with -c edgeWebAclArn=<its WebAclArn output>; until then it has no CloudFront edge.`,
  );
}
for (const s of [stack, edgeAcl]) {
  if (!s) continue;
  Tags.of(s).add('project', 'xiaoneng');
  Tags.of(s).add('stage', settings.stage);
}

// cdk-nag 3 is a policy validation plugin: any unacknowledged finding fails `cdk synth` and `cdk deploy`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
