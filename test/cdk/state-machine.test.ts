import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_ERRORS } from '../../functions/common/clock-contract.ts';
import { problemSubjectParts } from '../../functions/domain/visit.ts';
import { AccountabilityIdPath, CaseIdPath, GrievanceIdPath, ProjectIdPath } from '../../functions/http/schemas.ts';
import type { ClockName } from '../../functions/manifest.ts';
import type { ClockStateMachine } from '../../lib/constructs/clock-state-machine.ts';
import { deadlineLoop, decisionWait, endRace, passInput, succeed } from '../../lib/deadline-loop.ts';
import {
  LOCAL_ACCOUNT,
  LOCAL_PARTITION,
  LOCAL_REGION,
  placeholderFunctionArn,
  renderStateMachine,
} from '../../lib/render.ts';
import { type StateMachineSpec, stateMachines } from '../../lib/state-machines.ts';
import {
  generatedStateMachineDocs,
  REGENERATE_COMMAND,
  STATE_MACHINE_DOCS_DIR,
} from '../../tools/state-machine-docs.ts';
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

describe('state machine documents (docs/state-machines)', () => {
  it.each(generatedStateMachineDocs().map((doc) => [basename(doc.path), doc] as const))(
    '%s is current: byte for byte what the chain renders today',
    (name, doc) => {
      // Act
      const committed = existsSync(doc.path) ? readFileSync(doc.path, 'utf8') : undefined;

      // Assess
      expect(committed, `docs/state-machines/${name} is missing or stale: run \`${REGENERATE_COMMAND}\``).toBe(
        doc.text,
      );
    },
  );

  it.each(stateMachines.map((spec) => [spec.name, spec] as const))(
    '%s has a page that links its ASL and example input, listed in the index',
    (name, spec) => {
      // Act
      const page = join(STATE_MACHINE_DOCS_DIR, `${name}.md`);
      const text = existsSync(page) ? readFileSync(page, 'utf8') : '';
      const index = readFileSync(join(STATE_MACHINE_DOCS_DIR, 'README.md'), 'utf8');

      // Assess
      expect(text, `write docs/state-machines/${name}.md`).toContain(`](${name}.asl.json)`);
      expect(text).toContain(`](${name}.input.json)`);
      expect(text, 'the page shows the example input as it is').toContain(JSON.stringify(spec.exampleInput, null, 2));
      expect(index).toContain(`](${name}.md)`);
      // A grievance clock's subject is a grievance id, a joint approval's a project id, an investigation's an
      // accountability record's id; every other clock's a case id.
      const subjectPath =
        spec.name === 'GrievanceClock'
          ? GrievanceIdPath
          : spec.name === 'JointApprovalClock'
            ? ProjectIdPath
            : spec.name === 'InvestigationClock'
              ? AccountabilityIdPath
              : CaseIdPath;
      // An inspection visit's problem clock: its subject is `<visit id>-P<n>` (functions/domain/visit.ts).
      if (spec.name === 'VisitRectificationClock') {
        expect(problemSubjectParts(spec.exampleInput.caseId)).toBeDefined();
        return;
      }
      expect(subjectPath.safeParse({ id: spec.exampleInput.caseId }).success).toBe(true);
    },
  );
});

describe('the deadline-loop builders (lib/deadline-loop.ts)', () => {
  /** A clock kind that does not exist, built the way the builders' comment says a new one is added. */
  const grievanceClock: StateMachineSpec = {
    name: 'GrievanceClock' as ClockName,
    // A new kind brings its own duty and policy (docs/clock-engine.md); this sketch borrows the approval's.
    duty: 'APPROVAL',
    envVar: 'GRIEVANCE_CLOCK_ARN',
    functions: ['checkpoint', 'awaitDecision'],
    exampleInput: { caseId: 'XN20260928-01M3JVV380QJJZT2T48YR1WNCY' },
    build: (scope, fns) => {
      const race = new sfn.Parallel(scope, 'Race');
      race.branch(
        deadlineLoop(scope, {
          names: { checkpoint: 'Look', choice: 'AfterLook', wait: 'Sleep' },
          checkpoint: fns.checkpoint,
          payload: passInput('caseId', 'duty'),
          comment: 'look',
          waitComment: 'sleep',
          waitAction: 'WAIT',
          endings: [{ action: 'LATE', end: endRace(scope, 'LookFoundLate', 'Late', 'late') }],
          otherwise: endRace(scope, 'LookConfused', 'Confused', 'unknown'),
        }),
      );
      race.branch(
        decisionWait(scope, {
          names: { task: 'Park', choice: 'AfterPark' },
          handler: fns.awaitDecision,
          payload: sfn.TaskInput.fromObject({
            caseId: sfn.JsonPath.stringAt('$.caseId'),
            token: sfn.JsonPath.taskToken,
          }),
          comment: 'park',
          endings: [{ action: 'DONE', end: endRace(scope, 'ParkDone', 'Done', 'done') }],
          otherwise: succeed(scope, 'ParkIdle'),
        }),
      );
      race.addCatch(succeed(scope, 'Handled', 'handled'), { errors: ['Done'] });
      return race;
    },
  };

  it('build a new clock kind from one spec entry: a checkpoint loop on absolute timestamps, raced by a renewed token', () => {
    // Act
    const states = allStates(renderStateMachine(grievanceClock));

    // Assess: Look → AfterLook → (WAIT) Sleep until $.nextCheckpoint → Look; LATE → the race's error; else confused
    expect(states.get('Look')).toMatchObject({
      Type: 'Task',
      Comment: 'look',
      TimeoutSeconds: 60,
      Resource: placeholderFunctionArn('checkpoint'),
      Parameters: { 'caseId.$': '$.caseId', 'duty.$': '$.duty' },
      Next: 'AfterLook',
      Retry: expect.arrayContaining([
        { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2 },
      ]),
    });
    expect(states.get('AfterLook')).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.action', StringEquals: 'WAIT', Next: 'Sleep' },
        { Variable: '$.action', StringEquals: 'LATE', Next: 'LookFoundLate' },
      ],
      Default: 'LookConfused',
    });
    expect(states.get('Sleep')).toEqual({
      Type: 'Wait',
      Comment: 'sleep',
      TimestampPath: '$.nextCheckpoint',
      Next: 'Look',
    });
    expect(states.get('LookFoundLate')).toEqual({ Type: 'Fail', Error: 'Late', Cause: 'late' });

    // …and the decision branch: a token that is renewed on States.Timeout, then a Choice on the signal
    expect(states.get('Park')).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      TimeoutSeconds: 20 * 86_400,
      ResultPath: '$.decision',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.tokenExpired', Next: 'Park' }],
      Next: 'AfterPark',
    });
    expect(states.get('AfterPark')).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.decision.signal', StringEquals: 'DONE', Next: 'ParkDone' }],
      Default: 'ParkIdle',
    });
  });
});
