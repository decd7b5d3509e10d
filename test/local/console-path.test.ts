import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executionPath, redactTokens, shortenToken } from '../../local/console.ts';

// How the console reads an execution's history: each state's fate and the transitions taken, as the Step Functions
// console colours its graph; and task tokens shortened wherever they appear.

const approvalClock = JSON.parse(
  readFileSync(new URL('../../docs/state-machines/ApprovalClock.asl.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** History events as the local service records them: `Type:Name` enters/exits a state, other strings as they are. */
function history(...steps: string[]) {
  return steps.map((step, i) => {
    const [type, name] = step.split(':') as [string, string | undefined];
    const key = type.endsWith('Entered') ? 'stateEnteredEventDetails' : 'stateExitedEventDetails';
    return { id: i + 1, type, ...(name ? { [key]: { name } } : {}) };
  });
}

const RACE = 'RaceDeadlineAgainstDecision';
/** The start of every ApprovalClock execution: both branches running, the clock's asleep. */
const waiting = [
  'ExecutionStarted',
  `ParallelStateEntered:${RACE}`,
  'ParallelStateStarted',
  'TaskStateEntered:Checkpoint',
  'LambdaFunctionScheduled',
  'LambdaFunctionStarted',
  'TaskStateEntered:AwaitDecision',
  'TaskScheduled',
  'TaskStarted',
  'LambdaFunctionSucceeded',
  'TaskStateExited:Checkpoint',
  'ChoiceStateEntered:AfterCheckpoint',
  'ChoiceStateExited:AfterCheckpoint',
  'WaitStateEntered:WaitUntilCheckpoint',
];

describe('executionPath', () => {
  it('a running clock: in the Parallel, asleep in one branch and waiting for its token in the other', () => {
    const path = executionPath(approvalClock, history(...waiting), 'RUNNING');
    expect(path.states).toEqual({
      [RACE]: 'active',
      Checkpoint: 'succeeded',
      AwaitDecision: 'active',
      AfterCheckpoint: 'succeeded',
      WaitUntilCheckpoint: 'active',
    });
    expect(path.transitions).toEqual([
      ['#start', RACE],
      [RACE, 'Checkpoint'],
      [RACE, 'AwaitDecision'],
      ['Checkpoint', 'AfterCheckpoint'],
      ['AfterCheckpoint', 'WaitUntilCheckpoint'],
    ]);
  });

  it('the deemed approval (the history the local service records): the path to DeemedApproved, the rest cancelled', () => {
    const events = history(
      ...waiting,
      'WaitStateExited:WaitUntilCheckpoint',
      'TaskStateEntered:Checkpoint',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited:Checkpoint',
      'ChoiceStateEntered:AfterCheckpoint',
      'ChoiceStateExited:AfterCheckpoint',
      'FailStateEntered:ClockAppliedDeemedApproval',
      'ParallelStateFailed',
      `ParallelStateExited:${RACE}`,
      'SucceedStateEntered:DeemedApproved',
      'SucceedStateExited:DeemedApproved',
      'ExecutionSucceeded',
    );
    const path = executionPath(approvalClock, events, 'SUCCEEDED');
    expect(path.states).toEqual({
      [RACE]: 'caught',
      Checkpoint: 'succeeded',
      AwaitDecision: 'cancelled',
      AfterCheckpoint: 'succeeded',
      WaitUntilCheckpoint: 'succeeded',
      ClockAppliedDeemedApproval: 'failed',
      DeemedApproved: 'succeeded',
    });
    expect(path.transitions).toEqual(
      expect.arrayContaining([
        ['WaitUntilCheckpoint', 'Checkpoint'],
        ['AfterCheckpoint', 'ClockAppliedDeemedApproval'],
        ['ClockAppliedDeemedApproval', RACE],
        [RACE, 'DeemedApproved'],
        ['DeemedApproved', '#end'],
      ]),
    );
    // The decision's branch never ended: no transition out of it.
    expect(path.transitions.filter(([from]) => ['AwaitDecision', 'AfterDecisionSignal'].includes(from))).toEqual([]);
  });

  it('a Parallel entered again (the deadline moved) starts its branches afresh', () => {
    const events = history(
      ...waiting,
      'LambdaFunctionSucceeded',
      'TaskSucceeded',
      'TaskStateExited:AwaitDecision',
      'ChoiceStateEntered:AfterDecisionSignal',
      'ChoiceStateExited:AfterDecisionSignal',
      'FailStateEntered:DeadlineMoved',
      'ParallelStateFailed',
      `ParallelStateExited:${RACE}`,
      `ParallelStateEntered:${RACE}`,
      'ParallelStateStarted',
      'TaskStateEntered:Checkpoint',
    );
    const path = executionPath(approvalClock, events, 'RUNNING');
    expect(path.states).toEqual({ [RACE]: 'active', Checkpoint: 'active' });
    expect(path.transitions).toEqual(
      expect.arrayContaining([
        ['DeadlineMoved', RACE],
        [RACE, RACE],
      ]),
    );
  });

  it('a failed execution: the Task that failed uncaught is failed, the branch beside it cancelled', () => {
    const events = history(
      'ExecutionStarted',
      `ParallelStateEntered:${RACE}`,
      'TaskStateEntered:AwaitDecision',
      'TaskStateEntered:Checkpoint',
      'LambdaFunctionFailed',
      'ParallelStateFailed',
      'ExecutionFailed',
    );
    const path = executionPath(approvalClock, events, 'FAILED');
    expect(path.states).toEqual({ [RACE]: 'failed', AwaitDecision: 'cancelled', Checkpoint: 'failed' });
  });
});

describe('task tokens in what the console shows', () => {
  const token = `LSFN${'eyJhcm4iOiJhcm46YXdzOnN0YXRlcyJ9'.repeat(4)}`;

  it('are shortened to their first 8 characters, in JSON held as text, under any taskToken key, in free text', () => {
    expect(shortenToken(token)).toBe(`${token.slice(0, 8)}…`);
    const details = {
      taskScheduledEventDetails: {
        parameters: JSON.stringify({ FunctionName: 'f', Payload: { caseId: 'XN1', taskToken: token } }),
      },
      other: { TaskToken: 'an-aws-token-without-our-prefix-0123456789' },
      cause: `Task ${token} timed out`,
    };
    const shown = redactTokens(details);
    expect(JSON.parse(shown.taskScheduledEventDetails.parameters)).toEqual({
      FunctionName: 'f',
      Payload: { caseId: 'XN1', taskToken: 'LSFNeyJh…' },
    });
    expect(shown.other.TaskToken).toBe('an-aws-t…');
    expect(shown.cause).toBe('Task LSFNeyJh… timed out');
    expect(JSON.stringify(shown)).not.toContain(token.slice(0, 20));
    expect(redactTokens({ caseId: 'XN20260928-01M3JVV380QJJZT2T48YR1WNCY' })).toEqual({
      caseId: 'XN20260928-01M3JVV380QJJZT2T48YR1WNCY',
    });
  });
});
