import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAwardConfig } from '../../functions/domain/evaluation.ts';
import { readDeploySettings } from '../../lib/constructs/settings.ts';
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

  it('gives the awards function the award scoring: the defaults, or the context awardScoring completed with them', () => {
    // Act
    const environmentOf = (template: Synthesized['template'], id: string) =>
      (template.toJSON().Resources[id].Properties.Environment?.Variables ?? {}) as Record<string, string>;
    const settings = readDeploySettings(
      new App({ context: { awardScoring: '{"quotas":{"serviceStars":5},"weights":{"onTimeRate":60}}' } }).node,
    );
    const configured = synthesize({ awardScoring: settings.props.awardScoring });

    // Assess: only the awards function reads it, and it gets the whole scoring, not just what was changed.
    expect(
      JSON.parse(environmentOf(synth.template, synth.logicalIdOf('evaluationsAwards')).AWARD_SCORING ?? ''),
    ).toEqual(defaultAwardConfig);
    expect(environmentOf(synth.template, synth.logicalIdOf('evaluationsGet')).AWARD_SCORING).toBeUndefined();
    expect(
      JSON.parse(environmentOf(configured.template, configured.logicalIdOf('evaluationsAwards')).AWARD_SCORING ?? ''),
    ).toEqual({
      ...defaultAwardConfig,
      quotas: { ...defaultAwardConfig.quotas, serviceStars: 5 },
      weights: { ...defaultAwardConfig.weights, onTimeRate: 60 },
    });
  });

  it.each([
    ['{"quotas":{"serviceStars":-1}}', /awardScoring: quotas\.serviceStars: must be a whole number ≥ 0/],
    ['{"weights":{"onTimeRat":40}}', /awardScoring: weights: unknown field onTimeRat/],
    ['{"volume":{"serviceStars":{"metric":"smiles"}}}', /awardScoring: volume\.serviceStars\.metric: must be one of/],
  ])('refuses a bad awardScoring %s, naming the field: in the context and as the stack prop', (setting, message) => {
    expect(() => readDeploySettings(new App({ context: { awardScoring: setting } }).node)).toThrow(message);
    expect(() => synthesize({ awardScoring: JSON.parse(setting) })).toThrow(message);
  });

  it('refuses an awardScoring context that is not JSON, saying so', () => {
    expect(() => readDeploySettings(new App({ context: { awardScoring: '{quotas: 3}' } }).node)).toThrow(
      /^context awardScoring: not JSON/,
    );
  });
});
