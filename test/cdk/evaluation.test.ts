import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeAssemblies, type Synthesized, synthesize } from './synth.ts';

// Template.fromStack synthesizes into cdk.out* folders CDK removes only at a normal process exit.
afterAll(removeAssemblies);

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});

describe('the scheduled evaluation in the stack', () => {
  it('synthesizes the monthly and the daily evaluation, at 01:00 Asia/Shanghai, targeting the evaluate function', () => {
    // Act
    const found = Object.values(
      synth.template.findResources('AWS::Scheduler::Schedule', {
        Properties: { Target: { Arn: { 'Fn::GetAtt': [synth.logicalIdOf('evaluate'), 'Arn'] } } },
      }),
    ) as {
      Properties: { ScheduleExpression: string; ScheduleExpressionTimezone: string; Target: { Input: string } };
    }[];

    // Assess
    expect(
      found
        .map((s) => [
          s.Properties.ScheduleExpression,
          s.Properties.ScheduleExpressionTimezone,
          JSON.parse(s.Properties.Target.Input).run,
        ])
        .sort(),
    ).toEqual([
      ['cron(0 1 1 * ? *)', 'Asia/Shanghai', 'closing'],
      ['cron(0 1 2-31 * ? *)', 'Asia/Shanghai', 'month-to-date'],
    ]);
  });

  it('creates the Tallies and Evaluations tables, and the tally reads the Cases stream reporting failed records', () => {
    // Assess
    for (const name of ['Tallies', 'Evaluations']) {
      expect(synth.template.toJSON().Outputs).toHaveProperty(`${name}TableName`);
    }
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: synth.logicalIdOf('tally') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});
