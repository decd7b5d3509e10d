import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploySettings } from '../lib/constructs/settings.ts';
import { XiaonengStack } from '../lib/xiaoneng-stack.ts';

const app = new App();
const settings = readDeploySettings(app.node);

const stack = new XiaonengStack(app, settings.stackName, {
  ...settings.props,
  description: `xiaoneng (${settings.stage}): approval items, applications and their approval clocks`,
});
Tags.of(stack).add('project', 'xiaoneng');
Tags.of(stack).add('stage', settings.stage);

// cdk-nag 3 is a policy validation plugin: any unacknowledged finding fails `cdk synth` and `cdk deploy`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
