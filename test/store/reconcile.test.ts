import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/store/cases.ts';
import type { ClockRecord } from '../../functions/store/clocks.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { storedCase, storedClock } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { STUB_CLOCK_ARN as CLOCK_ARN, startStepFunctionsStub } from '../support/step-functions-stub.ts';

const DAY = 86_400_000;

/** The Step Functions stub's state: executions in `running` exist; StartExecution starts any. */
const sfn = { running: new Set<string>(), started: [] as string[] };
let sfnServer: Server;
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  sfnServer = await startStepFunctionsStub(sfn);
});
afterAll(async () => {
  sfnServer?.close();
  await dynamo?.close();
});

// Imported after the environment is set (the store reads table names from it).
const modules = async () => ({
  cases: await import('../../functions/store/cases.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  reconcile: await import('../../functions/schedule/reconcile.ts'),
  client: await import('../../functions/store/client.ts'),
});

/** Items the store's client reads (ScannedCount of queries, one per GetItem hit), by operation and index. */
const reads = { query: 0, get: 0 };
let instrumented = false;
async function countReads(): Promise<void> {
  const { client } = await modules();
  if (instrumented) return;
  instrumented = true;
  const stack = client.db().middlewareStack as unknown as { add(middleware: unknown, options: object): void };
  stack.add(
    (next: (args: unknown) => Promise<{ output: Record<string, unknown> }>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const out = await next(args);
        if (context.commandName === 'QueryCommand') reads.query += Number(out.output.ScannedCount ?? 0);
        if (context.commandName === 'GetCommand' && out.output.Item) reads.get += 1;
        return out;
      },
    { step: 'initialize', name: 'testReadCount' },
  );
}

let counter = 0;
/** An accepted case and its approval clock. */
interface Fixture {
  readonly id: string;
  readonly c: CaseRecord;
  readonly clock: ClockRecord;
}

/** An accepted case due `deadlineIn` ms from now; `extra` overrides clock fields (undefined removes one). */
function openCase(
  deadlineIn: number,
  extra: Record<string, unknown> = {},
  caseExtra: Partial<CaseRecord> = {},
): Fixture {
  counter++;
  const id = `XN20261101-RECON${String(counter).padStart(21, '0')}`;
  const deadlineAt = new Date(Date.now() + deadlineIn);
  const deadline = {
    deadlineDate: '2026-11-04',
    deadline: `${new Date(deadlineAt.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`,
    deadlineAt: deadlineAt.toISOString(),
  };
  const c = storedCase(id, 'ACCEPTED', { ...deadline, ...caseExtra });
  const clock: Record<string, unknown> = {
    ...storedClock(c),
    ...deadline,
    executionArn: `${CLOCK_ARN.replace(':stateMachine:', ':execution:')}:${id}`,
    ...extra,
  };
  for (const [key, value] of Object.entries(clock)) if (value === undefined) delete clock[key];
  return { id, c, clock: clock as unknown as ClockRecord };
}

/** A case accepted `ago` ms ago whose clock never started (the API died between the write and StartExecution). */
const unstarted = (ago: number, extra: Record<string, unknown> = {}, caseExtra: Partial<CaseRecord> = {}) =>
  openCase(
    10 * DAY,
    { executionArn: undefined, clockStartPending: new Date(Date.now() - ago).toISOString(), ...extra },
    caseExtra,
  );

async function put(...fixtures: Fixture[]): Promise<void> {
  const { cases } = await modules();
  for (const f of fixtures) expect(await cases.createCase(f.c, [f.clock])).toBe(true);
}

const approvalOf = async (f: Fixture) => (await modules()).clocks.getClock({ subject: f.id, duty: 'APPROVAL' });

async function run() {
  const { reconcile } = await modules();
  reads.query = 0;
  reads.get = 0;
  return reconcile.handler({}, lambdaContext('reconcile', 300_000) as never);
}

describe('the reconciler reads only due work', () => {
  it('reads the missed deadlines and the unstarted clocks, not the clocks that run', async () => {
    // Prepare: 60 running clocks not due, 3 deadlines missed a day ago, 2 clocks never started (an hour ago),
    // 1 accepted a minute ago (still within the grace: StartExecution may be under way).
    const { cases } = await modules();
    await countReads();
    const running = Array.from({ length: 60 }, (_, i) => openCase((1 + (i % 10)) * DAY));
    const missed = Array.from({ length: 3 }, () => openCase(-DAY));
    const never = [unstarted(3600_000), unstarted(3600_000)];
    const young = unstarted(60_000);
    await put(...running, ...missed, ...never, young);

    // Act
    const first = await run();
    const firstReads = { ...reads };

    // Assess: the index queries read exactly the due work; the repairs happened.
    expect(first).toMatchObject({
      dueExpiries: 3,
      unstartedClocks: 2,
      expiriesRepaired: 3,
      clocksRestarted: 2,
      failures: 0,
    });
    expect(firstReads.query).toBe(5);
    expect(sfn.started.sort()).toEqual(never.map((f) => f.id).sort());
    for (const f of missed) expect((await cases.getCase(f.id))?.status).toBe('DEEMED_APPROVED');
    for (const f of never) {
      const after = await approvalOf(f);
      expect(after?.executionArn).toBeDefined();
      expect(after?.clockStartPending).toBeUndefined();
    }
    expect((await approvalOf(young))?.clockStartPending).toBe(young.clock.clockStartPending);
    for (const f of running.slice(0, 5)) {
      expect(await cases.getCase(f.id)).toEqual(f.c);
      expect(await approvalOf(f)).toEqual(f.clock);
    }

    // Act: nothing due now; then ten times the running clocks.
    const second = await run();
    expect(second).toMatchObject({ dueExpiries: 0, unstartedClocks: 0, expiriesRepaired: 0, clocksRestarted: 0 });
    expect(reads).toEqual({ query: 0, get: 0 });
    for (let i = 0; i < 540; i++) await put(openCase((1 + (i % 10)) * DAY));
    const third = await run();

    // Assess
    expect(third).toMatchObject({ dueExpiries: 0, unstartedClocks: 0, failures: 0 });
    expect(reads).toEqual({ query: 0, get: 0 });
  });

  it('drops the start marker of a case that can no longer run a clock, and keeps a paused one', async () => {
    // Prepare: both never started; one was withdrawn while paused (that write keeps clockPending), one is paused.
    const { clocks } = await modules();
    const withdrawn = unstarted(3600_000, { phase: 'ENDED', outcome: 'WITHDRAWN' }, { status: 'WITHDRAWN' });
    const paused = unstarted(3600_000, { phase: 'PAUSED' }, { status: 'SUSPENDED' });
    await put(withdrawn, paused);
    sfn.started.length = 0;

    // Act
    const report = await run();

    // Assess
    expect(report).toMatchObject({ unstartedClocks: 2, clocksRestarted: 0, failures: 0 });
    expect(sfn.started).toEqual([]);
    expect((await approvalOf(withdrawn))?.clockStartPending).toBeUndefined();
    expect((await approvalOf(paused))?.clockStartPending).toBe(paused.clock.clockStartPending);
    expect(await clocks.dropClockStartMarker(paused.clock)).toBe(false);
    expect((await run()).unstartedClocks).toBe(1);
  });

  it('records a clock that started but was never recorded, without starting it again', async () => {
    const c = unstarted(3600_000);
    await put(c);
    sfn.running.add(c.id);
    sfn.started.length = 0;
    const report = await run();
    // Read: this case, and the paused one of the test before (it waits for its resume).
    expect(report).toMatchObject({ unstartedClocks: 2, clocksRestarted: 0, failures: 0 });
    expect(sfn.started).toEqual([]);
    const after = await approvalOf(c);
    expect(after?.executionArn).toBe(`${CLOCK_ARN.replace(':stateMachine:', ':execution:')}:${c.id}`);
    expect(after?.clockStartPending).toBeUndefined();
  });
});

describe('the clock-start marker leaves with the clock', () => {
  it('is removed by a decision, a withdrawal and the expiry', async () => {
    const { cases } = await modules();
    const nowUtc = new Date().toISOString();
    const decided = unstarted(0);
    const withdrawn = unstarted(0);
    const expired = unstarted(0, {}, { deadlineAt: new Date(Date.now() - 1000).toISOString() });
    await put(decided, withdrawn, expired);
    const at = '2026-11-01T12:00:00+08:00';
    expect(
      (
        await cases.recordDecision(
          decided.c,
          { outcome: 'APPROVED', by: 'r', at, late: false },
          { at, type: 'APPROVED', by: 'r' },
          nowUtc,
        )
      ).ok,
    ).toBe(true);
    expect((await cases.withdrawAccepted(withdrawn.c, { at, type: 'WITHDRAWN', by: 'a' }, nowUtc)).ok).toBe(true);
    const { clockEnds } = (await modules()).clocks;
    expect(
      await cases.applyExpiry(
        expired.c,
        { outcome: 'DEEMED_APPROVED', at, appliedAt: at, appliedBy: 'system:test' },
        { at, type: 'DEEMED_APPROVED', by: 'system:test' },
        nowUtc,
        clockEnds(expired.clock, ['RUNNING'], 'DEEMED_APPROVED', at, true),
      ),
    ).toBeDefined();
    for (const f of [decided, withdrawn, expired]) {
      const clock = await approvalOf(f);
      expect(clock?.phase).toBe('ENDED');
      expect(clock?.clockStartPending).toBeUndefined();
    }
  });
});
