import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../functions/domain/timeline.ts';
import type { CaseRecord } from '../../functions/store/cases.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { storedCase, storedClock } from '../support/cases.ts';
import { concurrentBackend, startTestDynamo } from '../support/dynamo.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

// Imported after the environment is set (the store reads table names from it).
const store = async () => ({
  cases: await import('../../functions/store/cases.ts'),
  accountability: await import('../../functions/store/accountability.ts'),
  expiry: await import('../../functions/common/expiry.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
});

let counter = 0;
function newCase(overrides: Partial<CaseRecord> = {}) {
  counter++;
  return storedCase(`XN20261001-TEST${String(counter).padStart(22, '0')}`, 'ACCEPTED', overrides);
}

const deadline = new Date('2026-10-13T16:00:00.000Z');
const justBefore = new Date(deadline.getTime() - 1);

describe('the decision and the expiry race on one DynamoDB condition', () => {
  it('gives exactly one outcome when both write at the deadline, whoever is first', async () => {
    const { cases, expiry } = await store();
    const outcomes: string[] = [];
    /** What the rounds that sent both writes at once (even rounds) ended in. */
    const raced: string[] = [];
    // On a backend that serves requests concurrently (DynamoDB Local, as DynamoDB) either write may land first, and
    // each must win some rounds: a decision that always won would mean the race is not run at all. Measured on
    // DynamoDB Local, the expiry won 2–5 of 8 raced rounds: up to 64 raced rounds, ended once each side has won
    // twice (P(the expiry never wins in 64) ≈ 0.8^64 ≈ 10^-6). dynalite serves one request at a time: 16 rounds.
    const enough = () =>
      outcomes.length >= 16 &&
      (!concurrentBackend ||
        (raced.filter((o) => o === 'APPROVED').length >= 2 &&
          raced.filter((o) => o === 'DEEMED_APPROVED').length >= 2));
    for (let round = 0; round < (concurrentBackend ? 128 : 16) && !enough(); round++) {
      // Prepare
      const c = newCase();
      await cases.createCase(c, [storedClock(c)]);
      vi.useFakeTimers({ now: deadline, toFake: ['Date'] });
      // Act: the reviewer's clock still reads 1 ms before the deadline; the checkpoint's reads the deadline.
      const decide = cases.recordDecision(
        c,
        { outcome: 'APPROVED', by: 'reviewer-1', at: '2026-10-13T23:59:59+08:00', late: false },
        { at: '2026-10-13T23:59:59+08:00', type: 'APPROVED', by: 'reviewer-1' },
        justBefore.toISOString(),
      );
      const expire = expiry.settleIfExpired(c, 'system:test');
      const [decided, expired] = round % 2 ? [await decide, await expire] : await Promise.all([decide, expire]);
      vi.useRealTimers();
      // Assess
      const final = await cases.getCase(c.id);
      const decisionWon = decided.ok;
      const expiryWon = expired.kind === 'EXPIRED';
      expect(decisionWon !== expiryWon).toBe(true);
      expect(final?.status).toBe(decisionWon ? 'APPROVED' : 'DEEMED_APPROVED');
      expect(final?.timeline.filter((e) => ['APPROVED', 'DEEMED_APPROVED'].includes(e.type))).toHaveLength(1);
      outcomes.push(final?.status ?? 'missing');
      if (round % 2 === 0) raced.push(final?.status ?? 'missing');
    }
    // Sequential rounds let the decision win; concurrent rounds may go either way — but never both.
    expect(outcomes).toContain('APPROVED');
    if (concurrentBackend) {
      expect(raced, 'the decision wins some raced rounds').toContain('APPROVED');
      expect(raced, 'the expiry wins some raced rounds').toContain('DEEMED_APPROVED');
    }
  }, 180_000);

  it('refuses a decision at or after the deadline on an ACCEPTED case', async () => {
    const { cases } = await store();
    const c = newCase();
    await cases.createCase(c, [storedClock(c)]);
    const written = await cases.recordDecision(
      c,
      { outcome: 'APPROVED', by: 'r', at: 'x', late: false },
      { at: 'x', type: 'APPROVED', by: 'r' },
      deadline.toISOString(),
    );
    expect(written.ok).toBe(false);
    expect((await cases.getCase(c.id))?.status).toBe('ACCEPTED');
  });
});

describe('settling an expiry is idempotent', () => {
  it('writes one accountability record however many observers settle it at once', async () => {
    const { cases, accountability, expiry, clocks } = await store();
    const c = newCase({ deemedConsentEligible: false });
    await cases.createCase(c, [storedClock(c)]);
    vi.useFakeTimers({ now: deadline, toFake: ['Date'] });
    const results = await Promise.all(Array.from({ length: 8 }, () => expiry.settleIfExpired(c, 'system:test')));
    vi.useRealTimers();
    expect(results.filter((r) => r.kind === 'EXPIRED' && r.appliedNow)).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'EXPIRED' && r.recordedNow)).toHaveLength(1);
    const records = (await accountability.listByYear('2026')).filter((r) => r.caseId === c.id);
    expect(records).toEqual([expect.objectContaining({ caseId: c.id, reason: 'OVERDUE', departmentId: 'market' })]);
    const final = await cases.getCase(c.id);
    expect(final?.status).toBe('OVERDUE');
    // Its clock runs on under supervision, off the open-clocks index now that the record is written.
    const clock = await clocks.getClock({ subject: c.id, duty: 'APPROVAL' });
    expect(clock).toMatchObject({ phase: 'OVERDUE', supervision: { deadlineDate: '2026-10-15' } });
    expect(clock?.clockPending).toBeUndefined();
  });

  it('finishes a half-done expiry (crash after the status write, before the record)', async () => {
    const { cases, accountability, expiry, clocks } = await store();
    const approval = (id: string) => clocks.getClock({ subject: id, duty: 'APPROVAL' });
    const c = newCase();
    await cases.createCase(c, [storedClock(c)]);
    // Prepare: only the first write of the expiry happened.
    await cases.applyExpiry(
      c,
      { outcome: 'DEEMED_APPROVED', at: c.deadline, appliedAt: '2026-10-14T00:00:00+08:00', appliedBy: 'system:test' },
      { at: '2026-10-14T00:00:00+08:00', type: 'DEEMED_APPROVED', by: 'system:test' },
      deadline.toISOString(),
      clocks.clockEnds(
        { subject: c.id, duty: 'APPROVAL' },
        ['RUNNING'],
        'DEEMED_APPROVED',
        '2026-10-14T00:00:00+08:00',
        true,
      ),
    );
    expect((await approval(c.id))?.clockPending).toBe('OPEN');
    // Act
    const half = await cases.getCase(c.id);
    const result = await expiry.settleIfExpired(half as NonNullable<typeof half>, 'system:reconciler');
    // Assess
    expect(result).toMatchObject({ kind: 'EXPIRED', appliedNow: false, recordedNow: true });
    const records = (await accountability.listByYear('2026')).filter((r) => r.caseId === c.id);
    expect(records).toHaveLength(1);
    expect(records[0]?.reason).toBe('DEEMED_APPROVAL');
    expect((await approval(c.id))?.clockPending).toBeUndefined();
  });

  it('does nothing before the deadline', async () => {
    const { cases, expiry } = await store();
    const c = newCase();
    await cases.createCase(c, [storedClock(c)]);
    vi.useFakeTimers({ now: justBefore, toFake: ['Date'] });
    const result = await expiry.settleIfExpired(c, 'system:test');
    vi.useRealTimers();
    expect(result.kind).toBe('NOT_DUE');
    expect((await cases.getCase(c.id))?.status).toBe('ACCEPTED');
  });
});

describe('the decision token', () => {
  it('is not stored once the case is decided, so the clock signals itself', async () => {
    const { cases, clocks } = await store();
    const c = newCase();
    await cases.createCase(c, [storedClock(c)]);
    const key = { subject: c.id, duty: 'APPROVAL' as const };
    const arn = `arn:aws:states:us-east-1:000000000000:execution:ApprovalClock:${c.id}`;
    expect(await clocks.storeDecisionToken(key, 'token-1', arn)).toBe(true);
    const written = await cases.recordDecision(
      c,
      { outcome: 'REJECTED', reason: '材料不实', by: 'r', at: 'x', late: false },
      { at: 'x', type: 'REJECTED', by: 'r' },
      justBefore.toISOString(),
    );
    expect(written.ok && written.taskToken).toBe('token-1');
    expect(await clocks.storeDecisionToken(key, 'token-2', arn)).toBe(false);
    const clock = await clocks.getClock(key);
    // The clock ended with the decision and left the open-clocks index; the token it keeps is its ended execution's.
    expect(clock).toMatchObject({ phase: 'ENDED', outcome: 'DECIDED', taskToken: 'token-1' });
    expect(clock?.clockPending).toBeUndefined();
  });
});

describe('the hash-chained timeline', () => {
  it('stays verifiable through decisions and shows the first edited event', async () => {
    // Prepare
    const { cases } = await store();
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db } = await import('../../functions/store/client.ts');
    const c = newCase();
    await cases.createCase(c, [storedClock(c)]);
    await cases.recordDecision(
      c,
      { outcome: 'APPROVED', by: 'r', at: '2026-10-09T09:00:00+08:00', late: false },
      { at: '2026-10-09T09:00:00+08:00', type: 'APPROVED', by: 'r', note: '准予许可 Approved' },
      justBefore.toISOString(),
    );
    const decided = await cases.getCase(c.id);
    expect(decided?.timeline).toHaveLength(2);
    expect(verifyChain(c.id, decided?.timeline ?? [], decided?.timelineHead)).toEqual({
      valid: true,
      events: 2,
      firstBrokenAt: null,
    });
    // Act: someone with table access rewrites who decided.
    await db().send(
      new UpdateCommand({
        TableName: process.env.CASES_TABLE,
        Key: { id: c.id },
        UpdateExpression: 'SET timeline[1].#by = :by',
        ExpressionAttributeNames: { '#by': 'by' },
        ExpressionAttributeValues: { ':by': 'someone-else' },
      }),
    );
    // Assess
    const edited = await cases.getCase(c.id);
    expect(verifyChain(c.id, edited?.timeline ?? [], edited?.timelineHead)).toEqual({
      valid: false,
      events: 2,
      firstBrokenAt: 1,
    });
  });

  it('refuses an append based on a stale read instead of forking the chain', async () => {
    const { cases } = await store();
    const c = newCase({ status: 'OVERDUE' });
    await cases.createCase(c, [storedClock(c, { phase: 'OVERDUE' })]);
    const first = await cases.recordDecision(
      c,
      { outcome: 'APPROVED', by: 'r1', at: 'x', late: true },
      { at: 'x', type: 'APPROVED', by: 'r1' },
      justBefore.toISOString(),
    );
    const second = await cases.recordDecision(
      c,
      { outcome: 'REJECTED', reason: 'no', by: 'r2', at: 'y', late: true },
      { at: 'y', type: 'REJECTED', by: 'r2' },
      justBefore.toISOString(),
    );
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(false);
    const final = await cases.getCase(c.id);
    expect(final?.timeline.map((e) => e.type)).toEqual(['ACCEPTED', 'APPROVED']);
  });
});
