import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../functions/manifest.ts';
import type { ScheduleSpec } from '../../functions/schedule/schedules.ts';
import { ScheduledJobs } from '../../lib/constructs/scheduled-jobs.ts';
import { removeAssemblies } from './synth.ts';

// Template.fromStack synthesizes into cdk.out* folders CDK removes only at a normal process exit.
afterAll(removeAssemblies);

/** The example the scheduled evaluation needs (no target yet, so it is not in the table). */
const MONTHLY: ScheduleSpec = {
  name: 'monthly-evaluation',
  expression: 'cron(0 1 1 * ? *)',
  input: { period: 'MONTH', scheduledFor: '<aws.scheduler.scheduled-time>' },
  function: 'reconcile',
  description: '01:00 on the 1st of every month, Shanghai time',
};

function synthesizeJobs(specs: readonly ScheduleSpec[]) {
  const stack = new Stack(new App(), 'Jobs');
  const fn = new lambda.Function(stack, 'Target', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  const jobs = new ScheduledJobs(stack, 'Schedules', {
    functions: { reconcile: fn } as unknown as Record<FunctionName, lambda.IFunction>,
    schedules: specs,
  });
  return { stack, jobs, fnId: stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction) };
}

describe('ScheduledJobs', () => {
  it('a cron schedule is read in Asia/Shanghai by default and delivers its input', () => {
    // Act
    const { stack, fnId } = synthesizeJobs([MONTHLY]);

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 1 1 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Description: '01:00 on the 1st of every month, Shanghai time',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        Input: '{"period":"MONTH","scheduledFor":"<aws.scheduler.scheduled-time>"}',
      },
    });
  });

  it('another time zone and a one-time schedule', () => {
    // Act
    const { stack } = synthesizeJobs([
      { ...MONTHLY, timeZone: 'Europe/Berlin' },
      { ...MONTHLY, name: 'once', expression: 'at(2027-01-01T00:00:00)' },
    ]);

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 1 1 * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'at(2027-01-01T00:00:00)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
    });
  });

  it('a bad expression fails the synth, naming the schedule', () => {
    expect(() => synthesizeJobs([MONTHLY, { ...MONTHLY, name: 'typo', expression: 'cron(0 1 1 * *)' }])).toThrow(
      /schedule "typo": cron\(0 1 1 \* \*\)/,
    );
  });

  it('a bad time zone fails the synth, naming the schedule', () => {
    expect(() => synthesizeJobs([{ ...MONTHLY, timeZone: 'Asia/Beijing' }])).toThrow(
      /schedule "monthly-evaluation".*time zone/,
    );
  });
});
