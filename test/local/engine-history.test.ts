import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderFunctionArn, renderStateMachine } from '../../lib/render.ts';
import { stateMachines } from '../../lib/state-machines.ts';
import { LocalStepFunctions } from '../../local/stepfunctions/index.ts';

// The local engine replaced aws-local-stepfunctions (parked executions need a run that is data, not a promise
// chain). What an operator reads must not change: the ApprovalClock, rendered from the CDK chain as the runtime
// runs it, records the same events, in the same order, for the same paths as the earlier interpreter did
// (test/fixtures/stepfunctions/approval-clock-histories.json, captured from it).

const expected = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/stepfunctions/approval-clock-histories.json'), 'utf8'),
) as Record<string, string[]>;
const spec = stateMachines.find((machine) => machine.name === 'ApprovalClock');
const machineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:ApprovalClock';
const executionArn = (name: string) => `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${name}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the local engine records the history the earlier interpreter recorded', () => {
  const tokens = new Map<string, string>();
  /** What each case's checkpoint answers, in turn (then WAIT), and how many times it fails first. */
  const plans = new Map<string, string[]>();
  const failures = new Map<string, number>();
  let dataDir: string;
  let service: LocalStepFunctions;

  beforeAll(async () => {
    if (!spec) throw new Error('no ApprovalClock in lib/state-machines.ts');
    dataDir = mkdtempSync(join(tmpdir(), 'engine-history-'));
    service = new LocalStepFunctions({
      dataDir,
      stateMachines: [{ name: 'ApprovalClock', definition: renderStateMachine(spec) }],
      logger: { info() {}, warn() {}, error() {} },
      functions: {
        [placeholderFunctionArn('checkpoint')]: async (event) => {
          const { caseId } = event as { caseId: string };
          const left = failures.get(caseId) ?? 0;
          if (left > 0) {
            failures.set(caseId, left - 1);
            const error = new Error('the case could not be read');
            error.name = 'Boom';
            throw error;
          }
          const action = plans.get(caseId)?.shift() ?? 'WAIT';
          const wait = action === 'WAIT' ? 300 : 0;
          return { caseId, action, nextCheckpoint: new Date(Date.now() + wait).toISOString() };
        },
        [placeholderFunctionArn('awaitDecision')]: async (event) => {
          const { caseId, taskToken } = event as { caseId: string; taskToken: string };
          tokens.set(caseId, taskToken);
          return { stored: true };
        },
      },
    });
    await service.start();
  });
  afterAll(async () => {
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(name: string, plan: string[], options: { failFirst?: number; signal?: string } = {}) {
    plans.set(name, plan);
    failures.set(name, options.failFirst ?? 0);
    await service.call('StartExecution', {
      stateMachineArn: machineArn,
      name,
      input: JSON.stringify({ caseId: name }),
    });
    if (options.signal) {
      await sleep(150);
      await service.call('SendTaskSuccess', {
        taskToken: tokens.get(name),
        output: JSON.stringify({ signal: options.signal }),
      });
    }
    for (let i = 0; i < 400; i++) {
      const described = await service.call('DescribeExecution', { executionArn: executionArn(name) });
      if (described.status !== 'RUNNING') break;
      await sleep(25);
    }
    const { events } = await service.call('GetExecutionHistory', {
      executionArn: executionArn(name),
      maxResults: 1000,
    });
    return (events as Record<string, { name?: string }>[]).map((event) => {
      const state = event.stateEnteredEventDetails ?? event.stateExitedEventDetails;
      return `${event.type}${state?.name ? ` ${state.name}` : ''}`;
    });
  }

  it('deemed approval after a wait', async () => {
    expect(await run('deemed', ['WAIT', 'DEEMED_APPROVED'])).toEqual(expected.deemed);
  });

  it('a decision while the clock waits', async () => {
    expect(await run('decided', ['WAIT', 'WAIT', 'WAIT', 'WAIT'], { signal: 'DECIDED' })).toEqual(expected.decided);
  });

  it('a rescheduled deadline: the race runs again, then the clock expires', async () => {
    const history = await run('resched', ['WAIT', 'WAIT', 'WAIT', 'DEEMED_APPROVED'], { signal: 'RESCHEDULED' });
    expect(history).toEqual(expected.resched);
  });

  it('a checkpoint retried after its function failed', async () => {
    expect(await run('retry', ['DEEMED_APPROVED'], { failFirst: 1 })).toEqual(expected.retry);
  });
});
