import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { storedCase, storedClock } from '../support/cases.ts';
import { countStoreRequests, startTestDynamo } from '../support/dynamo.ts';

let dynamo: LocalDynamo;
/** The DynamoDB requests the store sent, by operation (a middleware on the store's own client). */
let sent: string[] = [];
beforeAll(async () => {
  dynamo = await startTestDynamo();
  sent = await countStoreRequests();
});
afterAll(async () => {
  await dynamo?.close();
});

// Imported after the environment is set (the store reads table names from it).
const cases = () => import('../../functions/store/cases.ts');
const clocks = () => import('../../functions/store/clocks.ts');

let counter = 0;
function newCase(status: 'ACCEPTED' | 'MATERIALS_REQUIRED' = 'ACCEPTED') {
  counter++;
  const id = `XN20261001-WRITE${String(counter).padStart(21, '0')}`;
  return storedCase(id, status, { status, applicantSub: undefined });
}

describe('conditional case writes answer from the write itself', () => {
  it('a transition costs one UpdateItem and answers with the case exactly as stored', async () => {
    // Prepare
    const store = await cases();
    const c = newCase('MATERIALS_REQUIRED');
    await store.createCase(c);
    sent.length = 0;
    // Act
    const after = await store.transitionCase(
      c,
      'MATERIALS_REQUIRED',
      { status: 'ACCEPTED', materials: [{ id: 'articles' }] },
      { at: '2026-10-09T10:00:00+08:00', type: 'ACCEPTED', by: 'applicant-1' },
    );
    // Assess
    expect(sent).toEqual(['UpdateItem']);
    expect(after).toEqual(await store.getCase(c.id));
    expect(after).toMatchObject({ status: 'ACCEPTED', version: 2, materials: [{ id: 'articles' }] });
    expect(after?.timeline).toHaveLength(2);
    // A stale second attempt fails its condition and answers undefined.
    expect(
      await store.transitionCase(
        c,
        'MATERIALS_REQUIRED',
        { status: 'ACCEPTED' },
        { at: 'x', type: 'ACCEPTED', by: 'applicant-1' },
      ),
    ).toBeUndefined();
  });

  it('a decision still sees the task token stored after the reviewer read the case, and ends the clock with it', async () => {
    // Prepare: the reviewer reads the case before the clock's decision branch parks its token on the clock.
    const store = await cases();
    const clockStore = await clocks();
    const c = newCase();
    const key = { subject: c.id, duty: 'APPROVAL' as const };
    await store.createCase(c, [storedClock(c)]);
    const readByReviewer = await store.getCase(c.id);
    const arn = `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${c.id}`;
    expect(await clockStore.storeDecisionToken(key, 'token-1', arn)).toBe(true);
    sent.length = 0;
    // Act
    const written = await store.recordDecision(
      readByReviewer ?? c,
      { outcome: 'APPROVED', by: 'reviewer-1', at: '2026-10-09T10:00:00+08:00', late: false },
      { at: '2026-10-09T10:00:00+08:00', type: 'APPROVED', by: 'reviewer-1' },
      '2026-10-09T02:00:00.000Z',
    );
    // Assess: one write (the case and its clock in one transaction); the token is handed to the decision (which
    // signals it), the clock has ended, and the case is as stored.
    expect(sent).toEqual(['TransactWriteItems', 'GetItem', 'GetItem']);
    expect(written.ok).toBe(true);
    if (!written.ok) return;
    expect(written.taskToken).toBe('token-1');
    expect(written.after).toEqual(await store.getCase(c.id));
    expect(await clockStore.getClock(key)).toMatchObject({ phase: 'ENDED', outcome: 'DECIDED' });
    // …and a token arriving after the decision is refused, so the branch signals itself.
    expect(await clockStore.storeDecisionToken(key, 'token-2', arn)).toBe(false);
  });

  it('the clock records its own start with its token: the execution, and the start marker gone', async () => {
    const store = await cases();
    const clockStore = await clocks();
    const c = newCase();
    const key = { subject: c.id, duty: 'APPROVAL' as const };
    await store.createCase(c, [storedClock(c, { clockStartPending: '2026-10-08T02:00:00.000Z' })]);
    const arn = `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${c.id}`;
    expect(await clockStore.storeDecisionToken(key, 'token-1', arn)).toBe(true);
    const after = await clockStore.getClock(key);
    expect(after).toMatchObject({ taskToken: 'token-1', executionArn: arn });
    expect(after).not.toHaveProperty('clockStartPending');
  });

  it('a case and its clocks are written together or not at all', async () => {
    const store = await cases();
    const clockStore = await clocks();
    const c = newCase();
    const clock = storedClock(c);
    expect(await store.createCase(c, [clock])).toBe(true);
    // A second creation of the same id (an Idempotency-Key replayed) writes nothing, not even a clock of another duty.
    const other = { ...clock, duty: 'INTAKE_REVIEW' as const };
    expect(await store.createCase({ ...c, version: 9 }, [clock, other])).toBe(false);
    expect((await store.getCase(c.id))?.version).toBe(1);
    expect(await clockStore.clocksOf(c.id)).toEqual([clock]);
  });
});

describe('a transaction DynamoDB cancels', () => {
  /** Makes the next `n` TransactWriteItems fail as AWS does when another write to one of its items is in progress. */
  async function conflictNext(n: number): Promise<{ seen: number }> {
    const { db } = await import('../../functions/store/client.ts');
    const state = { left: n, seen: 0 };
    db().middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          state.seen++;
          if (state.left > 0) {
            state.left--;
            const error = Object.assign(new Error('Transaction cancelled [TransactionConflict]'), {
              name: 'TransactionCanceledException',
              CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
            });
            throw error;
          }
        }
        return next(args);
      },
      { step: 'initialize', name: `conflict-${Math.random()}` },
    );
    return state;
  }

  it('only because another write was in progress is tried again, and the write happens once', async () => {
    const store = await cases();
    const c = newCase();
    await store.createCase(c, [storedClock(c)]);
    const conflicts = await conflictNext(2);
    const written = await store.recordDecision(
      c,
      { outcome: 'APPROVED', by: 'reviewer-1', at: '2026-10-09T10:00:00+08:00', late: false },
      { at: '2026-10-09T10:00:00+08:00', type: 'APPROVED', by: 'reviewer-1' },
      '2026-10-09T02:00:00.000Z',
    );
    expect(conflicts.seen).toBe(3);
    expect(written.ok).toBe(true);
    expect((await store.getCase(c.id))?.timeline.filter((e) => e.type === 'APPROVED')).toHaveLength(1);
  });

  it('by a condition is a lost race: not tried again, nothing written', async () => {
    const store = await cases();
    const c = newCase();
    await store.createCase(c, [storedClock(c)]);
    const conflicts = await conflictNext(0);
    // After the deadline: the case's condition fails.
    const written = await store.recordDecision(
      c,
      { outcome: 'APPROVED', by: 'reviewer-1', at: '2026-10-14T10:00:00+08:00', late: false },
      { at: '2026-10-14T10:00:00+08:00', type: 'APPROVED', by: 'reviewer-1' },
      '2026-10-14T02:00:00.000Z',
    );
    expect(written.ok).toBe(false);
    // The on-time attempt and the late one (the case is not OVERDUE either): two transactions, each tried once.
    expect(conflicts.seen).toBe(2);
    expect((await store.getCase(c.id))?.status).toBe('ACCEPTED');
  });
});
