import '../../local/polyfills.ts';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidArn,
  InvalidName,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import FakeTimers from '@sinonjs/fake-timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatedBefore } from '../../local/stepfunctions/definition.ts';
import { LocalStepFunctions, type TaskFunction } from '../../local/stepfunctions/index.ts';

// Captured before any fake clock is installed: the tests' own polling always runs on real time.
const realSetTimeout = globalThis.setTimeout;
const realSleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const DAY_MS = 24 * 60 * 60 * 1000;
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const smArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
const fixture = (file: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/stepfunctions', file), 'utf8')) as Record<
    string,
    unknown
  >;

const stateMachines = [
  { name: 'chain', definition: fixture('chain.asl.json') },
  { name: 'invoke', definition: fixture('invoke.asl.json') },
  { name: 'race', definition: fixture('race.asl.json') },
  { name: 'decisionTimeout', definition: fixture('decision-timeout.asl.json') },
  { name: 'waitUntil', definition: fixture('wait-until.asl.json') },
  { name: 'twentyDays', definition: fixture('twenty-days.asl.json') },
];
const silentLogger = { info() {}, warn() {}, error() {} };

interface Harness {
  service: LocalStepFunctions;
  client: SFNClient;
  calls: { load: number; finish: number };
  /** The latest task token the decision function received, by case id. */
  tokens: Map<string, string>;
  close(): Promise<void>;
}

async function startHarness(dataDir: string): Promise<Harness> {
  const calls = { load: 0, finish: 0 };
  const tokens = new Map<string, string>();
  let client: SFNClient | undefined;
  const functions: Record<string, TaskFunction> = {
    [fnArn('double')]: async (event) => {
      const { n } = event as { n: number };
      if (n > 100) throw new RangeError(`${n} is too big`);
      return { n: n * 2 };
    },
    [fnArn('addOne')]: async (event) => ({ n: (event as { n: number }).n + 1 }),
    [fnArn('awaitDecision')]: async (event) => {
      const { caseId, mode, taskToken } = event as { caseId: string; mode?: string; taskToken: string };
      tokens.set(caseId, taskToken);
      if (mode === 'throw') {
        const error = new Error('the notice could not be sent');
        error.name = 'NoticeFailed';
        throw error;
      }
      if (mode === 'self') {
        // Like a Lambda that decides on the spot: it sends its own token back before it returns.
        await client?.send(
          new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ verdict: 'approved-by-handler' }) }),
        );
      }
      return { notified: caseId };
    },
    [fnArn('load')]: async (event) => {
      calls.load++;
      return { caseId: (event as { caseId?: string }).caseId ?? null };
    },
    [fnArn('finish')]: async () => {
      calls.finish++;
      return { finished: true };
    },
  };
  const service = new LocalStepFunctions({ dataDir, stateMachines, functions, logger: silentLogger });
  await service.start();
  const { url } = await service.listen(0);
  client = new SFNClient({
    endpoint: url,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const created = client;
  return {
    service,
    client: created,
    calls,
    tokens,
    async close() {
      created.destroy();
      await service.close();
    },
  };
}

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await realSleep(10);
  }
}

async function describe_(client: SFNClient, executionArn: string) {
  return client.send(new DescribeExecutionCommand({ executionArn }));
}

async function finished(client: SFNClient, executionArn: string, timeoutMs = 5000) {
  return eventually(
    async () => {
      const execution = await describe_(client, executionArn);
      return execution.status === 'RUNNING' ? undefined : execution;
    },
    `${executionArn} to end`,
    timeoutMs,
  );
}

async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

/** An execution's journal on disk, read as the store writes it: a header, history events and `set` lines. */
function journal(dataDir: string, machine: string, name: string) {
  const text = readFileSync(join(dataDir, 'executions', machine, `${name}.jsonl`), 'utf8');
  const lines = text.split('\n');
  const complete = lines.pop() === '';
  const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const [header, ...rest] = parsed;
  const fields: Record<string, unknown> = {};
  const events: Record<string, unknown>[] = [];
  for (const line of rest) {
    if (!line.set) events.push(line);
    else {
      Object.assign(fields, line.set);
      if (line.event) events.push(line.event as Record<string, unknown>); // a status and the event recording it
    }
  }
  return { text, complete, header, events, fields };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('LocalStepFunctions through @aws-sdk/client-sfn', () => {
  let dataDir: string;
  let h: Harness;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sfn-local-'));
    h = await startHarness(dataDir);
  });

  afterAll(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (machine: string, input: unknown, name?: string) =>
    h.client.send(new StartExecutionCommand({ stateMachineArn: smArn(machine), name, input: JSON.stringify(input) }));

  it('runs a chain of Lambda tasks and reports its output', async () => {
    // Prepare
    const machines = await h.client.send(new ListStateMachinesCommand({}));
    const described = await h.client.send(new DescribeStateMachineCommand({ stateMachineArn: smArn('chain') }));

    // Act
    const { executionArn, startDate } = await start('chain', { n: 5 }, 'chain-ok');
    const execution = await finished(h.client, executionArn as string);

    // Assess
    expect(machines.stateMachines?.map((m) => m.name)).toEqual(stateMachines.map((m) => m.name));
    expect(JSON.parse(described.definition as string)).toEqual(fixture('chain.asl.json'));
    expect(executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:chain:chain-ok`);
    expect(startDate).toBeInstanceOf(Date);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string)).toEqual({ n: 11 });
    expect(execution.stopDate?.getTime()).toBeGreaterThanOrEqual(execution.startDate?.getTime() as number);
    expect(execution.input).toBe('{"n":5}');
  });

  it('fails the execution with the error a handler throws', async () => {
    const { executionArn } = await start('chain', { n: 500 });

    const execution = await finished(h.client, executionArn as string);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('RangeError');
    expect(JSON.parse(execution.cause as string)).toMatchObject({
      errorType: 'RangeError',
      errorMessage: '500 is too big',
    });
  });

  it('wraps the function payload of lambda:invoke the way AWS does', async () => {
    const { executionArn } = await start('invoke', { n: 4 });

    const execution = await finished(h.client, executionArn as string);

    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output as string);
    expect(output).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { n: 8 },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(output.SdkResponseMetadata.RequestId).toEqual(expect.any(String));
  });

  it('makes StartExecution idempotent for the same name and input while the execution runs', async () => {
    // Prepare
    const input = { caseId: 'idem-1', mode: 'wait', clockSeconds: 30 };
    const first = await start('race', input, 'idem-1');

    // Act
    const again = await start('race', input, 'idem-1');
    const otherInput = await rejection(start('race', { ...input, clockSeconds: 31 }, 'idem-1'));
    const badName = await rejection(start('race', input, 'not a valid name!'));
    const tooLong = await rejection(start('race', input, 'x'.repeat(81)));
    const token = await eventually(() => h.tokens.get('idem-1'), 'the decision token');
    await h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"verdict":"approved"}' }));
    await finished(h.client, first.executionArn as string);
    const afterEnd = await rejection(start('race', input, 'idem-1'));

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    expect(otherInput).toBeInstanceOf(ExecutionAlreadyExists);
    expect(badName).toBeInstanceOf(InvalidName);
    expect(tooLong).toBeInstanceOf(InvalidName);
    expect(afterEnd).toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('ends in "Decided" when the decision arrives before the clock runs out, and forgets the token', async () => {
    // Prepare
    const { executionArn } = await start('race', { caseId: 'decided-1', mode: 'wait', clockSeconds: 30 });
    const token = await eventually(() => h.tokens.get('decided-1'), 'the decision token');

    // Act
    await h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"verdict":"approved"}' }));
    const execution = await finished(h.client, executionArn as string);
    const late = await rejection(
      h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"verdict":"again"}' })),
    );
    const malformed = await rejection(
      h.client.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' })),
    );

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    // Not in the AWS API, so the SDK drops it: read it in-process.
    expect((await h.service.call('DescribeExecution', { executionArn })).localFinalState).toBe('Decided');
    expect(JSON.parse(execution.output as string).outcome).toEqual({ Error: 'Decided', Cause: 'approved' });
    expect(late).toBeInstanceOf(TaskDoesNotExist);
    expect(malformed).toBeInstanceOf(InvalidToken);
  });

  it('ends in "Expired" when the clock runs out first, and rejects the pending decision token', async () => {
    // Prepare
    const { executionArn } = await start('race', { caseId: 'expired-1', mode: 'wait', clockSeconds: 1 });
    const token = await eventually(() => h.tokens.get('expired-1'), 'the decision token');

    // Act
    const execution = await finished(h.client, executionArn as string, 4000);
    const late = await rejection(
      h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"verdict":"too late"}' })),
    );
    const events = await history(h.client, executionArn as string);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string).outcome.Error).toBe('Expired');
    expect(late).toBeInstanceOf(TaskDoesNotExist);
    expect(events.at(-2)?.type).toBe('SucceedStateExited');
    expect(events.at(-2)?.stateExitedEventDetails?.name).toBe('Expired');
  });

  it('lets a handler send its own token back during its invocation', async () => {
    const { executionArn } = await start('race', { caseId: 'self-1', mode: 'self', clockSeconds: 30 });

    const execution = await finished(h.client, executionArn as string);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string).outcome).toEqual({ Error: 'Decided', Cause: 'approved-by-handler' });
    expect(h.service.inFlight()).toBe(0);
  });

  it('fails a .waitForTaskToken task whose handler throws, with the error name it threw', async () => {
    const { executionArn } = await start('race', { caseId: 'throw-1', mode: 'throw', clockSeconds: 30 });

    const execution = await finished(h.client, executionArn as string);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('NoticeFailed');
    expect(JSON.parse(execution.cause as string).errorMessage).toBe('the notice could not be sent');
  });

  it('routes a SendTaskFailure error name to the Catch that names it', async () => {
    // Prepare
    const { executionArn } = await start('race', { caseId: 'withdrawn-1', mode: 'wait', clockSeconds: 30 });
    const token = await eventually(() => h.tokens.get('withdrawn-1'), 'the decision token');

    // Act
    await h.client.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Withdrawn', cause: 'applicant withdrew' }),
    );
    const execution = await finished(h.client, executionArn as string);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string).outcome).toEqual({ Error: 'Withdrawn', Cause: 'applicant withdrew' });
  });

  it('answers TaskTimedOut for the token of a timed-out task while the task waits again with a new one', async () => {
    // Prepare
    const { executionArn } = await start('decisionTimeout', { caseId: 'timeout-1' });
    const firstToken = await eventually(() => h.tokens.get('timeout-1'), 'the first token');

    // Act
    const secondToken = await eventually(
      () => (h.tokens.get('timeout-1') !== firstToken ? h.tokens.get('timeout-1') : undefined),
      'the token of the second attempt',
      4000,
    );
    const stale = await rejection(
      h.client.send(new SendTaskSuccessCommand({ taskToken: firstToken, output: '{"verdict":"stale"}' })),
    );
    await h.client.send(new SendTaskSuccessCommand({ taskToken: secondToken, output: '{"verdict":"fresh"}' }));
    const execution = await finished(h.client, executionArn as string);

    // Assess
    expect(stale).toBeInstanceOf(TaskTimedOut);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string)).toEqual({ verdict: 'fresh' });
    const types = (await history(h.client, executionArn as string)).map((event) => event.type);
    expect(types).toContain('TaskTimedOut');
  });

  it('stops an execution with StopExecution and forgets its tokens', async () => {
    // Prepare
    const { executionArn } = await start('race', { caseId: 'stopped-1', mode: 'wait', clockSeconds: 30 });
    const token = await eventually(() => h.tokens.get('stopped-1'), 'the decision token');

    // Act
    const { stopDate } = await h.client.send(
      new StopExecutionCommand({ executionArn, error: 'Test.Stop', cause: 'stopped by the test' }),
    );
    const execution = await describe_(h.client, executionArn as string);
    const late = await rejection(h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
    const events = await history(h.client, executionArn as string);

    // Assess
    expect(stopDate).toBeInstanceOf(Date);
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Test.Stop', cause: 'stopped by the test' });
    expect(late).toBeInstanceOf(TaskDoesNotExist);
    expect(events.at(-1)?.type).toBe('ExecutionAborted');
  });

  it('lists executions by status, newest first, page by page', async () => {
    // Prepare
    const older = await start('race', { caseId: 'list-1', mode: 'wait', clockSeconds: 30 }, 'list-1');
    await realSleep(5);
    const newer = await start('race', { caseId: 'list-2', mode: 'wait', clockSeconds: 30 }, 'list-2');

    // Act
    const running = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: smArn('race'), statusFilter: 'RUNNING' }),
    );
    const firstPage = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: smArn('race'), statusFilter: 'RUNNING', maxResults: 1 }),
    );
    const secondPage = await h.client.send(
      new ListExecutionsCommand({
        stateMachineArn: smArn('race'),
        statusFilter: 'RUNNING',
        maxResults: 1,
        nextToken: firstPage.nextToken,
      }),
    );
    const succeeded = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: smArn('race'), statusFilter: 'SUCCEEDED' }),
    );
    const aborted = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: smArn('race'), statusFilter: 'ABORTED' }),
    );
    for (const { executionArn } of [older, newer]) await h.client.send(new StopExecutionCommand({ executionArn }));

    // Assess
    expect(running.executions?.map((e) => e.name)).toEqual(['list-2', 'list-1']);
    expect(firstPage.executions?.map((e) => e.name)).toEqual(['list-2']);
    expect(secondPage.executions?.map((e) => e.name)).toEqual(['list-1']);
    expect(secondPage.nextToken).toBeUndefined();
    expect(succeeded.executions?.length).toBeGreaterThanOrEqual(4);
    expect(succeeded.executions?.every((e) => e.status === 'SUCCEEDED')).toBe(true);
    expect(succeeded.executions?.map((e) => e.name)).toContain('idem-1');
    expect(aborted.executions?.map((e) => e.status)).toEqual(['ABORTED']);
  });

  it('keeps a history that names the states passed through and ends with ExecutionSucceeded', async () => {
    // Prepare
    const chain = await start('chain', { n: 1 });
    const race = await start('race', { caseId: 'history-1', mode: 'self', clockSeconds: 30 });
    await finished(h.client, chain.executionArn as string);
    await finished(h.client, race.executionArn as string);

    // Act
    const events = await history(h.client, chain.executionArn as string);
    const reversed = await h.client.send(
      new GetExecutionHistoryCommand({ executionArn: chain.executionArn, reverseOrder: true, maxResults: 1 }),
    );
    const paged: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await h.client.send(
        new GetExecutionHistoryCommand({ executionArn: chain.executionArn, maxResults: 3, nextToken }),
      );
      paged.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const raceEvents = await history(h.client, race.executionArn as string);

    // Assess
    expect(events[0]?.type).toBe('ExecutionStarted');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(JSON.parse(events.at(-1)?.executionSucceededEventDetails?.output as string)).toEqual({ n: 3 });
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.every((event) => event.timestamp instanceof Date)).toBe(true);
    const entered = events.filter((event) => event.type === 'TaskStateEntered');
    expect(entered.map((event) => event.stateEnteredEventDetails?.name)).toEqual(['Double', 'AddOne']);
    expect(events.filter((event) => event.type === 'LambdaFunctionSucceeded')).toHaveLength(2);
    expect(reversed.events?.[0]?.type).toBe('ExecutionSucceeded');
    expect(paged).toEqual(events);
    const raceTypes = raceEvents.map((event) => event.type);
    expect(raceTypes).toEqual(
      expect.arrayContaining(['ParallelStateEntered', 'WaitStateEntered', 'TaskScheduled', 'SucceedStateEntered']),
    );
    expect(raceEvents.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails?.resource).toBe(
      'invoke.waitForTaskToken',
    );
    expect(raceEvents.at(-2)?.stateExitedEventDetails?.name).toBe('Decided');
    // The Parallel failed with "Decided" and was caught: it exits without succeeding.
    expect(raceTypes).toContain('ParallelStateFailed');
    expect(raceTypes).not.toContain('ParallelStateSucceeded');
  });

  it('answers with the named exceptions of the SDK', async () => {
    const missing = `arn:aws:states:${REGION}:${ACCOUNT}:execution:chain:nope`;

    const noExecution = await rejection(describe_(h.client, missing));
    const noMachine = await rejection(start('nope', {}));
    const badArn = await rejection(describe_(h.client, 'not-an-arn'));

    expect(noExecution).toBeInstanceOf(ExecutionDoesNotExist);
    expect(noMachine).toBeInstanceOf(StateMachineDoesNotExist);
    expect(badArn).toBeInstanceOf(InvalidArn);
  });

  it('refuses a definition the local engine cannot run, naming every state at fault', () => {
    const map = {
      StartAt: 'M',
      States: {
        M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      },
    };
    const intrinsic = {
      StartAt: 'P',
      States: { P: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hi {}', $.name)" }, End: true } },
    };
    const jsonata = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const create = (definition: Record<string, unknown>) =>
      new LocalStepFunctions({
        dataDir,
        stateMachines: [{ name: 'unsupported', definition }],
        functions: {},
        logger: silentLogger,
      });

    expect(() => create(map)).toThrow(/state "M": Map states are not supported locally/);
    expect(() => create(intrinsic)).toThrow(/state "P": the intrinsic function in "greeting.\$"/);
    expect(() => create(jsonata)).toThrow(/JSONata/);
  });

  it('refuses an invalid ASL definition every time, though valid ones are remembered as validated', () => {
    // A unique valid definition (validated, then remembered) and an invalid one (a transition to nowhere).
    const valid = { Comment: `remembered ${Date.now()}`, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const invalid = { StartAt: 'P', States: { P: { Type: 'Pass', Next: 'Nowhere' } } };
    const create = (definition: Record<string, unknown>) =>
      new LocalStepFunctions({
        dataDir,
        stateMachines: [{ name: 'checked', definition }],
        functions: {},
        logger: silentLogger,
      });

    // The verdict remembered: a definition that passed once (local/stepfunctions/definition.ts), never one that failed.
    expect(validatedBefore(valid).known).toBe(false);
    expect(() => create(valid)).not.toThrow();
    expect(validatedBefore(valid).known).toBe(true);
    expect(() => create(valid)).not.toThrow();
    expect(() => create(invalid)).toThrow(/State machine "checked": State machine definition is invalid/);
    expect(() => create(invalid)).toThrow(/State machine "checked": State machine definition is invalid/);
    expect(validatedBefore(invalid).known).toBe(false);
  });
});

describe('persistence and resume', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-resume-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function startAndStopMidWait(dataDir: string, waitMs: number) {
    const first = await startHarness(dataDir);
    const until = new Date(Date.now() + waitMs).toISOString();
    const started = await first.client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn('waitUntil'),
        name: 'case-42',
        input: JSON.stringify({ caseId: 'case-42', until }),
      }),
    );
    const executionArn = started.executionArn as string;
    await eventually(
      async () => (await history(first.client, executionArn)).some((event) => event.type === 'WaitStateEntered'),
      'the Wait state',
    );
    await first.close();
    return { first, executionArn, startDate: started.startDate as Date };
  }

  it('runs a RUNNING execution again after a restart and finishes it under the same ARN', async () => {
    // Prepare
    const dataDir = newDir();
    const { first, executionArn, startDate } = await startAndStopMidWait(dataDir, 600);
    const onDisk = journal(dataDir, 'waitUntil', 'case-42');

    // Act
    const second = await startHarness(dataDir);
    const execution = await finished(second.client, executionArn, 4000);
    const events = await history(second.client, executionArn);
    await realSleep(50);
    await second.close();

    // Assess
    expect(onDisk.fields.status).toBeUndefined(); // RUNNING: no status line yet
    expect(onDisk.header).toMatchObject({ formatVersion: 2, executionArn, name: 'case-42' });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.executionArn).toBe(executionArn);
    expect(execution.startDate?.getTime()).toBe(startDate.getTime());
    expect(execution.redriveCount).toBe(1);
    expect(JSON.parse(execution.output as string)).toEqual({ finished: true });
    expect(first.calls).toEqual({ load: 1, finish: 0 }); // the abandoned run did nothing more
    expect(second.calls).toEqual({ load: 1, finish: 1 }); // re-run from the first state
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === 'ExecutionStarted')).toHaveLength(1);
    expect(types.filter((type) => type === 'ExecutionRedriven')).toHaveLength(1);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    const after = journal(dataDir, 'waitUntil', 'case-42');
    expect(after.fields.status).toBe('SUCCEEDED');
    expect(after.text.startsWith(onDisk.text)).toBe(true); // appended to, never rewritten
    expect(after.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });

  it('fires at once a Wait whose timestamp passed while the service was stopped', async () => {
    // Prepare
    const dataDir = newDir();
    const { executionArn } = await startAndStopMidWait(dataDir, 300);
    await realSleep(450);

    // Act
    const second = await startHarness(dataDir);
    const execution = await finished(second.client, executionArn);
    const events = await history(second.client, executionArn);
    await second.close();

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const redriven = events.find((event) => event.type === 'ExecutionRedriven')?.timestamp as Date;
    const succeeded = events.at(-1)?.timestamp as Date;
    expect(succeeded.getTime() - redriven.getTime()).toBeLessThan(200);
  });

  it('answers for a finished execution after a restart exactly as before it, from its journal', async () => {
    // Prepare
    const dataDir = newDir();
    const first = await startHarness(dataDir);
    const { executionArn } = await first.client.send(
      new StartExecutionCommand({ stateMachineArn: smArn('chain'), name: 'kept-1', input: '{"n":7}' }),
    );
    const before = await finished(first.client, executionArn as string);
    const historyBefore = await history(first.client, executionArn as string);
    const listBefore = await first.client.send(new ListExecutionsCommand({ stateMachineArn: smArn('chain') }));
    await first.close();

    // Act
    const second = await startHarness(dataDir);
    const after = await describe_(second.client, executionArn as string);
    const historyAfter = await history(second.client, executionArn as string);
    const listAfter = await second.client.send(new ListExecutionsCommand({ stateMachineArn: smArn('chain') }));
    await second.close();

    // Assess
    const { $metadata: _before, ...describedBefore } = before;
    const { $metadata: _after, ...describedAfter } = after;
    expect(describedAfter).toEqual(describedBefore);
    expect(JSON.parse(after.output as string)).toEqual({ n: 15 });
    expect(historyAfter).toEqual(historyBefore);
    expect(listAfter.executions).toEqual(listBefore.executions);
    expect(journal(dataDir, 'chain', 'kept-1').fields).toMatchObject({ status: 'SUCCEEDED', output: '{"n":15}' });
  });

  it('has on disk every event GetExecutionHistory has reported', async () => {
    // Prepare
    const dataDir = newDir();
    const h = await startHarness(dataDir);
    const until = new Date(Date.now() + 60_000).toISOString();
    const { executionArn } = await h.client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn('waitUntil'),
        name: 'seen-1',
        input: JSON.stringify({ caseId: 'seen-1', until }),
      }),
    );

    // Act: the answer is read and the journal right after it, without giving the service a turn to write.
    const reported = await eventually(async () => {
      const events = await history(h.client, executionArn as string);
      return events.some((event) => event.type === 'WaitStateEntered') ? events : undefined;
    }, 'the Wait state');
    const onDisk = journal(dataDir, 'waitUntil', 'seen-1');
    await h.close();

    // Assess
    expect(onDisk.complete).toBe(true);
    expect(onDisk.events.map((event) => event.type)).toEqual(reported.map((event) => event.type));
  });

  it('cuts off a journal line a SIGKILL left half-written and resumes the execution', async () => {
    // Prepare: a RUNNING execution whose last append was cut short.
    const dataDir = newDir();
    const { executionArn } = await startAndStopMidWait(dataDir, 200);
    const file = join(dataDir, 'executions', 'waitUntil', 'case-42.jsonl');
    const intact = readFileSync(file, 'utf8');
    appendFileSync(file, '{"timestamp":1,"type":"TaskStateEnt');

    // Act
    const second = await startHarness(dataDir);
    const execution = await finished(second.client, executionArn);
    const events = await history(second.client, executionArn);
    await second.close();

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(readFileSync(file, 'utf8').startsWith(intact)).toBe(true);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.filter((event) => event.type === 'ExecutionRedriven')).toHaveLength(1);
  });

  it('converts an execution file of the earlier format (one JSON record) and resumes it', async () => {
    // Prepare: what the store wrote before journals, for an execution left RUNNING in its Wait.
    const dataDir = newDir();
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:waitUntil:old-1`;
    const input = JSON.stringify({ caseId: 'old-1', until: new Date(Date.now() - 1000).toISOString() });
    const startDate = Date.now() - 5000;
    const oldHistory = [
      {
        timestamp: startDate,
        type: 'ExecutionStarted',
        id: 1,
        previousEventId: 0,
        executionStartedEventDetails: {
          input,
          inputDetails: { truncated: false },
          roleArn: `arn:aws:iam::${ACCOUNT}:role/local-stepfunctions`,
        },
      },
      {
        timestamp: startDate,
        type: 'TaskStateEntered',
        id: 2,
        previousEventId: 1,
        stateEnteredEventDetails: { name: 'Load', input, inputDetails: { truncated: false } },
      },
    ];
    mkdirSync(join(dataDir, 'executions', 'waitUntil'), { recursive: true });
    const oldFile = join(dataDir, 'executions', 'waitUntil', 'old-1.json');
    writeFileSync(
      oldFile,
      JSON.stringify({
        formatVersion: 1,
        executionArn,
        stateMachineArn: smArn('waitUntil'),
        stateMachineName: 'waitUntil',
        name: 'old-1',
        input,
        status: 'RUNNING',
        startDate,
        finalState: 'Load',
        redriveCount: 0,
        history: oldHistory,
      }),
    );

    // Act
    const h = await startHarness(dataDir);
    const execution = await finished(h.client, executionArn);
    const events = await history(h.client, executionArn);
    await h.close();

    // Assess
    expect(execution).toMatchObject({ status: 'SUCCEEDED', input, redriveCount: 1 });
    expect(execution.startDate?.getTime()).toBe(startDate);
    expect(events.slice(0, 3).map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ExecutionRedriven',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(() => readFileSync(oldFile)).toThrow(/ENOENT/);
    expect(journal(dataDir, 'waitUntil', 'old-1').fields).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  });
});

describe('under a simulated clock (@sinonjs/fake-timers)', () => {
  const toFake = ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;
  let dataDir: string;
  let h: Harness;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sfn-clock-'));
    h = await startHarness(dataDir);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Moves the clock forward in steps, letting in-flight work finish on real time between steps. */
  async function advance(clock: ReturnType<typeof FakeTimers.install>, totalMs: number, stepMs: number) {
    for (let left = totalMs; left > 0; left -= stepMs) {
      await clock.tickAsync(Math.min(stepMs, left));
      do await realSleep(2);
      while (h.service.inFlight() > 0);
    }
  }

  it('ends a 20-day Wait only when the simulated clock passes it', async () => {
    // Installed after the service and its HTTP server exist, as the local runtime does.
    const clock = FakeTimers.install({ now: Date.now(), toFake: [...toFake], shouldClearNativeTimers: true });
    try {
      // Prepare
      const { executionArn } = await h.client.send(
        new StartExecutionCommand({ stateMachineArn: smArn('twentyDays'), input: '{}' }),
      );

      // Act
      await advance(clock, 20 * DAY_MS - 1000, DAY_MS);
      const before = await describe_(h.client, executionArn as string);
      const finishesBefore = h.calls.finish;
      await advance(clock, 2000, 500);
      const after = await finished(h.client, executionArn as string);

      // Assess
      expect(before.status).toBe('RUNNING');
      expect(finishesBefore).toBe(0);
      expect(after.status).toBe('SUCCEEDED');
      expect(h.calls.finish).toBe(1);
      const elapsed = (after.stopDate?.getTime() as number) - (after.startDate?.getTime() as number);
      expect(elapsed).toBeGreaterThanOrEqual(20 * DAY_MS);
      expect(elapsed).toBeLessThan(20 * DAY_MS + 2000);
    } finally {
      clock.uninstall();
    }
  });

  it('ends a 30-day Wait, longer than a Node timer holds, only when the simulated clock passes it', async () => {
    const clock = FakeTimers.install({ now: Date.now(), toFake: [...toFake], shouldClearNativeTimers: true });
    try {
      // Prepare
      const until = new Date(Date.now() + 30 * DAY_MS).toISOString();
      const finishedBefore = h.calls.finish;
      const { executionArn } = await h.service.call('StartExecution', {
        stateMachineArn: smArn('waitUntil'),
        input: JSON.stringify({ until }),
      });

      // Act
      await advance(clock, 30 * DAY_MS - 1000, DAY_MS);
      const before = await h.service.call('DescribeExecution', { executionArn });
      await advance(clock, 2000, 500);
      const after = await h.service.call('DescribeExecution', { executionArn });

      // Assess: a Node timer holds ~24.8 days at most; the service re-arms instead of letting it fire at once.
      expect(before.status).toBe('RUNNING');
      expect(h.calls.finish).toBe(finishedBefore + 1);
      expect(after.status).toBe('SUCCEEDED');
      expect(after.stopDate * 1000).toBeGreaterThanOrEqual(Date.parse(until));
    } finally {
      clock.uninstall();
    }
  });

  it('parks waiting executions: one Node timer and no live run for a hundred races', async () => {
    const clock = FakeTimers.install({ now: Date.now(), toFake: [...toFake], shouldClearNativeTimers: true });
    const arns: string[] = [];
    try {
      // Prepare
      for (let i = 0; i < 100; i++) {
        const { executionArn } = await h.service.call('StartExecution', {
          stateMachineArn: smArn('race'),
          input: JSON.stringify({ caseId: `park-${i}`, mode: 'wait', clockSeconds: (i + 1) * 60 }),
        });
        arns.push(executionArn);
      }
      await eventually(() => h.tokens.has('park-99') && h.service.inFlight() === 0, 'every decision token');
      const parked = h.service.stats();
      const timers = clock.countTimers();

      // Act: the first clock runs out, then decide the second
      await advance(clock, 61_000, 61_000);
      await h.client.send(
        new SendTaskSuccessCommand({
          taskToken: h.tokens.get('park-1') as string,
          output: JSON.stringify({ verdict: 'approved' }),
        }),
      );
      const first = await h.service.call('DescribeExecution', { executionArn: arns[0] });
      const second = await h.service.call('DescribeExecution', { executionArn: arns[1] });
      const after = h.service.stats();

      // Assess
      expect(parked).toMatchObject({ running: 100, parked: 100 });
      expect(timers).toBe(1);
      expect(first.localFinalState).toBe('Expired');
      expect(second.localFinalState).toBe('Decided');
      expect(after).toMatchObject({ running: 98, parked: 98 });
    } finally {
      for (const executionArn of arns) await h.service.call('StopExecution', { executionArn });
      clock.uninstall();
    }
  });

  it('leaves no timer behind when the clock beats a pending decision', async () => {
    const clock = FakeTimers.install({ now: Date.now(), toFake: [...toFake], shouldClearNativeTimers: true });
    try {
      // Prepare: in-process calls only, so every fake timer belongs to the execution.
      const { executionArn } = await h.service.call('StartExecution', {
        stateMachineArn: smArn('race'),
        input: JSON.stringify({ caseId: 'clock-1', mode: 'wait', clockSeconds: 10 * 24 * 60 * 60 }),
      });
      await eventually(() => h.tokens.get('clock-1'), 'the decision token');
      const timersWhileRacing = clock.countTimers();

      // Act
      await advance(clock, 10 * DAY_MS + 1000, DAY_MS);
      const execution = await h.service.call('DescribeExecution', { executionArn });

      // Assess: one Node timer stood for the Wait and the task's 20-day timeout (the service keeps one for all),
      // the Wait's fired, and the losing task's timeout was disarmed with its token.
      expect(timersWhileRacing).toBe(1);
      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.localFinalState).toBe('Expired');
      expect(clock.countTimers()).toBe(0);
    } finally {
      clock.uninstall();
    }
  });
});

describe('a burst of deadlines at one instant', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A Wait until `$.until`, then one Task on `work` (its own TimeoutSeconds): a clock's deadline, in small. */
  const deadline = (timeoutSeconds: number) => ({
    StartAt: 'Until',
    States: {
      Until: { Type: 'Wait', TimestampPath: '$.until', Next: 'Work' },
      Work: { Type: 'Task', Resource: fnArn('work'), TimeoutSeconds: timeoutSeconds, End: true },
    },
  });

  async function burst(options: {
    executions: number;
    limit: number;
    workMs: (name: string) => number;
    timeoutSeconds: number;
    admits?: () => boolean;
  }) {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-burst-'));
    dirs.push(dataDir);
    let running = 0;
    let mostAtOnce = 0;
    const order: string[] = [];
    const service = new LocalStepFunctions({
      dataDir,
      stateMachines: [{ name: 'deadline', definition: deadline(options.timeoutSeconds) }],
      functions: {
        [fnArn('work')]: async (event) => {
          const { name } = event as { name: string };
          order.push(name);
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          await realSleep(options.workMs(name));
          running--;
          return { done: name };
        },
      },
      logger: silentLogger,
      maxTasksInFlight: options.limit,
      ...(options.admits ? { admits: options.admits } : {}),
    });
    await service.start();
    const until = new Date(Date.now() + 300).toISOString();
    const names = Array.from({ length: options.executions }, (_, i) => `case-${i}`);
    for (const name of names) {
      await service.call('StartExecution', {
        stateMachineArn: smArn('deadline'),
        name,
        input: JSON.stringify({ name, until }),
      });
    }
    const describeAll = () =>
      Promise.all(
        names.map((name) =>
          service.call('DescribeExecution', {
            executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:deadline:${name}`,
          }),
        ),
      ) as Promise<{ status: string; startDate: number; stopDate?: number }[]>;
    return { service, names, order, until: Date.parse(until), describeAll, mostAtOnce: () => mostAtOnce };
  }

  it('runs no more tasks at once than the limit, holds the rest in order and runs them all', async () => {
    const b = await burst({ executions: 40, limit: 5, workMs: () => 20, timeoutSeconds: 10 });
    try {
      const all = await eventually(
        async () => {
          const described = await b.describeAll();
          return described.every((d) => d.status !== 'RUNNING') ? described : undefined;
        },
        'the burst to end',
        10_000,
      );
      expect(all.map((d) => d.status)).toEqual(all.map(() => 'SUCCEEDED'));
      // The limit was reached and never passed: 40 deadlines at one instant, 5 tasks at a time.
      expect(b.mostAtOnce()).toBe(5);
      // Nothing is left held or counted once the burst has run (a simulated clock waits for inFlight to be 0).
      await eventually(() => b.service.inFlight() === 0, 'nothing in flight');
      // Every task that returned is counted once (the simulated clock's sign of progress through a burst).
      expect(b.service.completed()).toBe(40);
      // Held in order: the tasks ran in the order of their timers (armed one after another for the same instant).
      expect(b.order).toEqual(b.names);
    } finally {
      await b.service.close();
    }
  });

  it('holds due deadlines while the runtime does not admit them, and runs them all, in order, once it does', async () => {
    // The runtime says no while the stream readers are far behind: here, for the first 600 ms of real time.
    let admitting = false;
    const started = performance.now();
    const b = await burst({ executions: 12, limit: 5, workMs: () => 5, timeoutSeconds: 10, admits: () => admitting });
    try {
      // The deadlines (300 ms after the start) come due and are held: nothing runs, nothing ends, all are counted.
      await realSleep(Math.max(0, 600 - (performance.now() - started)));
      expect(b.order).toEqual([]);
      expect(b.service.inFlight()).toBeGreaterThanOrEqual(12);
      // Admitted again, with no Task running to end and look at them: they are looked at again on their own.
      admitting = true;
      const all = await eventually(
        async () => {
          const described = await b.describeAll();
          return described.every((d) => d.status !== 'RUNNING') ? described : undefined;
        },
        'the held deadlines to run',
        10_000,
      );
      expect(all.map((d) => d.status)).toEqual(all.map(() => 'SUCCEEDED'));
      expect(b.order).toEqual(b.names);
      await eventually(() => b.service.inFlight() === 0, 'nothing in flight');
    } finally {
      await b.service.close();
    }
  });

  it('does not hold a task timeout behind the limit: it is what ends a task that hangs', async () => {
    // One slot. case-0's task hangs for 2.5 s with a 1 s TimeoutSeconds; case-1's deadline is held behind it.
    const b = await burst({
      executions: 2,
      limit: 1,
      workMs: (name) => (name === 'case-0' ? 2500 : 10),
      timeoutSeconds: 1,
    });
    try {
      const [first, second] = await eventually(
        async () => {
          const described = await b.describeAll();
          return described.every((d) => d.status !== 'RUNNING') ? described : undefined;
        },
        'both to end',
        10_000,
      );
      expect(first?.status).toBe('FAILED');
      // Timed out at its own TimeoutSeconds (about 1 s after the deadline), not when its invocation returned.
      expect((first?.stopDate as number) - b.until).toBeLessThan(2000);
      expect(second?.status).toBe('SUCCEEDED');
      expect(b.mostAtOnce()).toBe(1);
    } finally {
      await b.service.close();
    }
  });
});
