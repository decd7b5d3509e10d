import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_ERRORS } from '../../functions/workflow/clock-contract.ts';
import type { ClockStateMachine } from '../../lib/constructs/clock-state-machine.ts';
import {
  LOCAL_ACCOUNT,
  LOCAL_PARTITION,
  LOCAL_REGION,
  placeholderFunctionArn,
  renderStateMachine,
} from '../../lib/render.ts';
import { type StateMachineSpec, stateMachines } from '../../lib/state-machines.ts';
import { removeAssemblies, type Synthesized, synthesize } from './synth.ts';

afterAll(removeAssemblies);

type Json = Record<string, unknown>;

/** The deployment's pseudo parameters as the local runtime sees them. */
const LOCAL_PSEUDO: Record<string, string> = {
  'AWS::Partition': LOCAL_PARTITION,
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * The ASL the template deploys, made comparable with the locally rendered one: the DefinitionString is a Fn::Join
 * of JSON text and intrinsics; each `Fn::GetAtt [<function>, Arn]` becomes that function's placeholder ARN (the
 * logical id mapped back to its manifest name through the construct tree) and each pseudo parameter its local
 * value. Anything else is a reference the local runtime could not follow, and fails the test.
 */
function deployedAsl(synth: Synthesized, clock: ClockStateMachine): Json {
  const logicalId = synth.stack.getLogicalId(clock.stateMachine.node.defaultChild as sfn.CfnStateMachine);
  const resource = synth.template.toJSON().Resources[logicalId] as { Type: string; Properties: Json };
  expect(resource.Type).toBe('AWS::StepFunctions::StateMachine');
  const definition = resource.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] };
  if (typeof definition === 'string') return JSON.parse(definition) as Json;
  const [delimiter, parts] = definition['Fn::Join'];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = part as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
      if (ref['Fn::GetAtt'] && ref['Fn::GetAtt'][1] === 'Arn') {
        const name = synth.functionNameByLogicalId.get(ref['Fn::GetAtt'][0]);
        if (name) return placeholderFunctionArn(name);
      }
      if (ref.Ref && ref.Ref in LOCAL_PSEUDO) return LOCAL_PSEUDO[ref.Ref];
      throw new Error(`unexpected reference in the state machine definition: ${JSON.stringify(part)}`);
    })
    .join(delimiter);
  return JSON.parse(text) as Json;
}

/** Every state of a definition, nested branches included, by name. */
function allStates(definition: Json): Map<string, Json> {
  const states = new Map<string, Json>();
  const visit = (machine: Json) => {
    for (const [name, state] of Object.entries(machine.States as Record<string, Json>)) {
      states.set(name, state);
      for (const branch of (state.Branches as Json[] | undefined) ?? []) visit(branch);
    }
  };
  visit(definition);
  return states;
}

describe('approval clock state machine', () => {
  let synth: Synthesized;
  beforeAll(() => {
    // Prepare
    synth = synthesize();
  });

  it('deploys one Standard state machine per spec, logged at level ALL without execution data, and traced', () => {
    // Assess
    synth.template.resourceCountIs('AWS::StepFunctions::StateMachine', stateMachines.length);
    for (const clock of synth.stack.clocks) {
      synth.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: `Xiaoneng-${clock.spec.name}`,
        StateMachineType: 'STANDARD',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
        TracingConfiguration: { Enabled: true },
      });
    }
  });

  it('waits on absolute timestamps and ends the race in three named Succeed states', () => {
    // Prepare
    const clock = synth.stack.clocks.find((c) => c.spec.name === 'ApprovalClock');
    if (!clock) throw new Error('no ApprovalClock');

    // Act
    const definition = deployedAsl(synth, clock);
    const states = allStates(definition);

    // Assess
    const waits = [...states.values()].filter((s) => s.Type === 'Wait');
    expect(waits.length).toBeGreaterThan(0);
    for (const wait of waits) expect(wait.TimestampPath).toEqual(expect.stringMatching(/^\$\./));

    const parallels = [...states.entries()].filter(([, s]) => s.Type === 'Parallel');
    expect(parallels).toHaveLength(1);
    const [, race] = parallels[0] as [string, Json];
    const endings = (race.Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => ({
      errors: c.ErrorEquals,
      state: (definition.States as Record<string, Json>)[c.Next],
    }));
    expect(endings.map((e) => e.errors)).toEqual(
      expect.arrayContaining([
        [CLOCK_ERRORS.decided],
        [CLOCK_ERRORS.decidedLate],
        [CLOCK_ERRORS.deemedApproval],
        [CLOCK_ERRORS.redCard],
        [CLOCK_ERRORS.withdrawn],
      ]),
    );
    // Every ending is a Succeed state named after it; a moved deadline (Rescheduled) re-enters the race itself.
    for (const ending of endings) {
      if (ending.errors.includes(CLOCK_ERRORS.rescheduled)) expect(ending.state).toBe(race);
      else expect(ending.state?.Type).toBe('Succeed');
    }
    expect(new Set((race.Catch as { Next: string }[]).map((c) => c.Next))).toEqual(
      new Set(['Decided', 'DecidedLate', 'DeemedApproved', 'RedCard', 'Withdrawn', 'RaceDeadlineAgainstDecision']),
    );
  });

  it.each(stateMachines.map((spec) => [spec.name, spec] as const))(
    'the ASL run locally equals the synthesized one (%s)',
    (_name, spec) => {
      // Prepare
      const clock = synth.stack.clocks.find((c) => c.spec === spec);
      if (!clock) throw new Error(`no state machine ${spec.name} in the stack`);

      // Act
      const deployed = deployedAsl(synth, clock);
      const local = renderStateMachine(spec);

      // Assess
      expect(deployed).toEqual(local);
    },
  );

  it('the comparison notices an edit made to one side only', () => {
    // Prepare: the same spec, with one more state after the race, rendered locally only
    const spec = stateMachines[0] as StateMachineSpec;
    const clock = synth.stack.clocks.find((c) => c.spec === spec) as ClockStateMachine;
    const edited: StateMachineSpec = {
      ...spec,
      build: (scope, fns) => (spec.build(scope, fns) as sfn.Parallel).next(new sfn.Pass(scope, 'LocalOnly')),
    };

    // Act
    const deployed = deployedAsl(synth, clock);
    const local = renderStateMachine(edited);

    // Assess
    expect(deployed).not.toEqual(local);
  });
});
