import type { Server } from 'node:http';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClockRecord } from '../../functions/store/clocks.ts';
import { tableName } from '../../functions/store/tables.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { storedCase, storedClock } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';
import { startStepFunctionsStub } from '../support/step-functions-stub.ts';

/**
 * A moved deadline (a resume, an approved extension) owes its clock a re-plan: the move leaves `replanOwed` on the
 * clock, the next checkpoint removes it, and the hourly reconciler sends RESCHEDULED again to a clock that still
 * carries one after 5 minutes — the move's own signal was lost, and the execution may sleep on its old plan (20 days
 * after a pause) past the new deadline. The model check's finding 2 (functions/workflow/model/approval-clock.pml),
 * here on the real store with a Step Functions stub that accepts only live task tokens. Without the marker's
 * reconciler pass the re-send never comes.
 */

// Friday 9 October 2026, 10:00 in Shanghai: the fixture's deadline (end of 2026-10-13) is ahead.
const NOW = '2026-10-09T10:00:00+08:00';
const MINUTE = 60_000;

const sfn = {
  running: new Set<string>(),
  started: [] as string[],
  tokens: new Set<string>(),
  signals: [] as { token: string; output: unknown }[],
};
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
afterEach(() => {
  vi.useRealTimers();
});

const modules = async () => ({
  cases: await import('../../functions/store/cases.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  client: await import('../../functions/store/client.ts'),
  checkpoint: await import('../../functions/workflow/checkpoint.ts'),
  reconcile: await import('../../functions/schedule/reconcile.ts'),
});

/** Items the store's queries read (ScannedCount), reset by `reconcileAt`. */
const reads = { query: 0 };
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
        return out;
      },
    { step: 'initialize', name: 'testReadCount' },
  );
}

let counter = 0;
/**
 * An accepted case whose clock's deadline moved `movedAgo` ms before NOW (its `replanOwed` marker) and whose
 * decision task waits on `token` (live unless `stale`).
 */
async function movedCase(movedAgo: number, options: { stale?: boolean; running?: boolean } = {}) {
  const { cases } = await modules();
  counter++;
  const id = `XN20261001-REPLN${String(counter).padStart(21, '0')}`;
  const c = storedCase(id, 'ACCEPTED');
  const token = `token-${id}`;
  const clock: ClockRecord = storedClock(c, {
    taskToken: token,
    executionArn: `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${id}`,
    replanOwed: new Date(Date.parse(NOW) - movedAgo).toISOString(),
  });
  expect(await cases.createCase(c, [clock])).toBe(true);
  if (!options.stale) sfn.tokens.add(token);
  if (options.running ?? true) sfn.running.add(id);
  return { id, c, clock, token };
}

const approvalClock = async (id: string) => (await modules()).clocks.getClock({ subject: id, duty: 'APPROVAL' });

async function reconcileAt(instant: string) {
  const { reconcile } = await modules();
  await countReads();
  vi.useFakeTimers({ now: new Date(instant), toFake: ['Date'] });
  reads.query = 0;
  return reconcile.handler({}, lambdaContext('reconcile', 300_000) as never);
}

const checkpointAt = async (instant: string, caseId: string) => {
  const { checkpoint } = await modules();
  vi.useFakeTimers({ now: new Date(instant), toFake: ['Date'] });
  return checkpoint.handler({ caseId }, lambdaContext('checkpoint') as never);
};

describe('a moved deadline whose RESCHEDULED was lost', () => {
  it('is sent RESCHEDULED again by the reconciler after 5 minutes, and re-planned by the checkpoint it wakes', async () => {
    // Prepare: one deadline moved 10 minutes ago (its signal lost), one a minute ago (its signal may be under way).
    const lost = await movedCase(10 * MINUTE);
    const young = await movedCase(1 * MINUTE);
    sfn.signals.length = 0;

    // Act
    const report = await reconcileAt(NOW);

    // Assess: only the old marker is read (the index query) and re-sent on the token its clock holds.
    expect(report).toMatchObject({ replansOwed: 1, replansResent: 1, failures: 0 });
    expect(reads).toEqual({ query: 1 });
    expect(sfn.signals).toEqual([
      { token: lost.token, output: { caseId: lost.id, signal: 'RESCHEDULED', status: 'ACCEPTED' } },
    ]);
    // The marker stays until a checkpoint has read the moved deadline.
    expect((await approvalClock(lost.id))?.replanOwed).toBe(lost.clock.replanOwed);
    expect((await approvalClock(young.id))?.replanOwed).toBe(young.clock.replanOwed);

    // Act: the new race's first checkpoint.
    const planned = await checkpointAt(NOW, lost.id);

    // Assess: it plans around the deadline it read, and the re-plan is no longer owed.
    expect(planned).toMatchObject({ action: 'WAIT' });
    expect(Date.parse(planned.nextCheckpoint as string)).toBeLessThanOrEqual(Date.parse(lost.c.deadlineAt as string));
    expect((await approvalClock(lost.id))?.replanOwed).toBeUndefined();
    await checkpointAt(NOW, young.id);
    expect((await approvalClock(young.id))?.replanOwed).toBeUndefined();

    // Act: the next hourly run.
    sfn.signals.length = 0;
    const next = await reconcileAt('2026-10-09T11:00:00+08:00');

    // Assess: nothing owed, nothing read, nothing sent.
    expect(next).toMatchObject({ replansOwed: 0, replansResent: 0 });
    expect(reads).toEqual({ query: 0 });
    expect(sfn.signals).toEqual([]);
  });

  it('keeps the marker while the token on the clock is stale, and re-sends once the renewed task stored its own', async () => {
    // Prepare: the decision task was renewed; its new token is not on the clock yet (the old one is refused).
    const { clocks } = await modules();
    const renewed = await movedCase(10 * MINUTE, { stale: true });
    sfn.signals.length = 0;

    // Act
    const first = await reconcileAt(NOW);

    // Assess: not delivered, the execution still runs: the marker stays for the next run.
    expect(first).toMatchObject({ replansOwed: 1, replansResent: 0, failures: 0 });
    expect((await approvalClock(renewed.id))?.replanOwed).toBe(renewed.clock.replanOwed);

    // Act: the renewed task stores its token (storeDecisionToken); the next hourly run.
    await clocks.storeDecisionToken(renewed.clock, 'token-renewed', renewed.clock.executionArn as string);
    sfn.tokens.add('token-renewed');
    const second = await reconcileAt('2026-10-09T11:00:00+08:00');

    // Assess
    expect(second).toMatchObject({ replansOwed: 1, replansResent: 1 });
    expect(sfn.signals.map((s) => s.token)).toEqual(['token-renewed']);
    await checkpointAt('2026-10-09T11:00:01+08:00', renewed.id);
    expect((await approvalClock(renewed.id))?.replanOwed).toBeUndefined();
  });

  it('drops the marker of a clock whose execution no longer runs (nothing to wake; the reconciler enforces it)', async () => {
    // Prepare: the execution failed (not running); its token is dead.
    const dead = await movedCase(10 * MINUTE, { stale: true, running: false });

    // Act
    const report = await reconcileAt(NOW);

    // Assess
    expect(report).toMatchObject({ replansOwed: 1, replansResent: 0, failures: 0 });
    expect((await approvalClock(dead.id))?.replanOwed).toBeUndefined();
    expect((await reconcileAt('2026-10-09T11:00:00+08:00')).replansOwed).toBe(0);
  });

  it('keeps a marker that moved again between the checkpoint’s read and its removal', async () => {
    // Prepare: the checkpoint read marker M and deadline D; then the deadline moved again (marker M2, deadline D2).
    const { client, clocks } = await modules();
    const moved = await movedCase(10 * MINUTE);
    const read = (await approvalClock(moved.id)) as ClockRecord;
    await client.db().send(
      new UpdateCommand({
        TableName: tableName('clocks'),
        Key: { subject: moved.id, duty: 'APPROVAL' },
        UpdateExpression: 'SET replanOwed = :m, deadlineAt = :d',
        ExpressionAttributeValues: { ':m': '2026-10-09T01:59:00.000Z', ':d': '2026-10-15T16:00:00.000Z' },
      }),
    );

    // Act: the removal with what the checkpoint read; with the marker alone unchanged but the deadline moved.
    const stale = await clocks.clearReplanOwed(read, read.replanOwed as string, read.deadlineAt);
    const sameMarker = await clocks.clearReplanOwed(read, '2026-10-09T01:59:00.000Z', read.deadlineAt);

    // Assess
    expect(stale).toBe(false);
    expect(sameMarker).toBe(false);
    expect((await approvalClock(moved.id))?.replanOwed).toBe('2026-10-09T01:59:00.000Z');
    expect(await clocks.clearReplanOwed(read, '2026-10-09T01:59:00.000Z', '2026-10-15T16:00:00.000Z')).toBe(true);
  });
});
