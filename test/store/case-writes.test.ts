import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { storedCase } from '../support/cases.ts';
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

let counter = 0;
function newCase(status: 'ACCEPTED' | 'MATERIALS_REQUIRED' = 'ACCEPTED') {
  counter++;
  const id = `XN20261001-WRITE${String(counter).padStart(21, '0')}`;
  return storedCase(id, status, { status, clockPending: undefined, applicantSub: undefined });
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

  it('a decision still sees the task token stored after the reviewer read the case (ALL_OLD, atomic)', async () => {
    // Prepare: the reviewer reads the case before the clock's decision branch parks its token.
    const store = await cases();
    const c = newCase();
    await store.createCase(c);
    const readByReviewer = await store.getCase(c.id);
    expect(readByReviewer?.taskToken).toBeUndefined();
    expect(
      await store.storeDecisionToken(
        c.id,
        'token-1',
        `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${c.id}`,
      ),
    ).toBe(true);
    // Act
    const written = await store.recordDecision(
      readByReviewer ?? c,
      { outcome: 'APPROVED', by: 'reviewer-1', at: '2026-10-09T10:00:00+08:00', late: false },
      { at: '2026-10-09T10:00:00+08:00', type: 'APPROVED', by: 'reviewer-1' },
      '2026-10-09T02:00:00.000Z',
    );
    // Assess: the token is handed to the decision (which signals it) and gone from the case.
    expect(written.ok).toBe(true);
    if (!written.ok) return;
    expect(written.before.taskToken).toBe('token-1');
    expect(written.after.taskToken).toBeUndefined();
    expect(written.after).toEqual(await store.getCase(c.id));
    // …and a token arriving after the decision is refused, so the branch signals itself.
    expect(
      await store.storeDecisionToken(
        c.id,
        'token-2',
        `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${c.id}`,
      ),
    ).toBe(false);
  });

  it('the clock records its own start with its token: the execution, and the start marker gone', async () => {
    const store = await cases();
    const c = { ...newCase(), clockStartPending: '2026-10-08T02:00:00.000Z' };
    await store.createCase(c);
    const arn = `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${c.id}`;
    expect(await store.storeDecisionToken(c.id, 'token-1', arn)).toBe(true);
    const after = await store.getCase(c.id);
    expect(after).toMatchObject({ taskToken: 'token-1', executionArn: arn });
    expect(after).not.toHaveProperty('clockStartPending');
  });
});
