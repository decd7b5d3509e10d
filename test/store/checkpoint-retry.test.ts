import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseRecord } from '../../functions/store/cases.ts';
import { CLOCK_PENDING, type ClockRecord } from '../../functions/store/clocks.ts';
import { tableName } from '../../functions/store/tables.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { storedCase, storedClock } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';

/**
 * A checkpoint retried after a crash between the expiry and its accountability record finishes the record itself,
 * and a late decision on such a case writes it before it ends the execution: the model check's "self-sufficient"
 * property (functions/workflow/model/approval-clock.pml), here on the real store. Before the fix the retry ended the
 * execution (deemed approved) or went back to sleep (overdue) with the record left to the hourly reconciler.
 */

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const modules = async () => ({
  cases: await import('../../functions/store/cases.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  accountability: await import('../../functions/store/accountability.ts'),
  client: await import('../../functions/store/client.ts'),
  checkpoint: await import('../../functions/workflow/checkpoint.ts'),
});

let counter = 0;
async function acceptedCase(overrides: Partial<CaseRecord> = {}): Promise<CaseRecord> {
  const { cases } = await modules();
  counter++;
  const c = storedCase(`XN20261001-RETRY${String(counter).padStart(21, '0')}`, 'ACCEPTED', overrides);
  for (const [key, value] of Object.entries(c))
    if (value === undefined) delete (c as unknown as Record<string, unknown>)[key];
  expect(await cases.createCase(c, [storedClock(c)])).toBe(true);
  return c;
}

const checkpointAt = async (instant: string, caseId: string) => {
  const { checkpoint } = await modules();
  vi.useFakeTimers({ now: new Date(instant), toFake: ['Date'] });
  return checkpoint.handler({ caseId }, lambdaContext('checkpoint') as never);
};

/** The state a crash right after the expiry's write leaves: the record not written, the clock still owing it. */
async function crashBeforeRecord(caseId: string, reason: 'DEEMED_APPROVAL' | 'OVERDUE'): Promise<void> {
  const { client } = await modules();
  await client.db().send(new DeleteCommand({ TableName: tableName('accountability'), Key: { caseId, reason } }));
  await client.db().send(
    new UpdateCommand({
      TableName: tableName('clocks'),
      Key: { subject: caseId, duty: 'APPROVAL' },
      UpdateExpression: 'SET clockPending = :open',
      ExpressionAttributeValues: { ':open': CLOCK_PENDING },
    }),
  );
}

const approvalClock = async (caseId: string): Promise<ClockRecord | undefined> =>
  (await modules()).clocks.getClock({ subject: caseId, duty: 'APPROVAL' });
const record = async (caseId: string, reason: 'DEEMED_APPROVAL' | 'OVERDUE') =>
  (await modules()).accountability.getRecord(caseId, reason);

describe('a checkpoint retried after a crash between the expiry and its record', () => {
  it('writes the deemed approval’s record and ends the execution as deemed approved', async () => {
    // Prepare: the deadline (end of 2026-10-13) passed; the first attempt applied the deemed approval, then "crashed".
    const c = await acceptedCase();
    expect(await checkpointAt('2026-10-14T00:05:00+08:00', c.id)).toMatchObject({ action: 'DEEMED_APPROVED' });
    await crashBeforeRecord(c.id, 'DEEMED_APPROVAL');
    expect(await record(c.id, 'DEEMED_APPROVAL')).toBeUndefined();
    // Act: Step Functions retries the Task.
    const retry = await checkpointAt('2026-10-14T00:05:10+08:00', c.id);
    // Assess
    expect(retry).toMatchObject({ action: 'DEEMED_APPROVED' });
    expect(await record(c.id, 'DEEMED_APPROVAL')).toMatchObject({ reason: 'DEEMED_APPROVAL', departmentId: 'market' });
    expect((await approvalClock(c.id))?.clockPending).toBeUndefined();
  });

  it('writes the overdue record before sleeping until the supervision deadline', async () => {
    // Prepare: an ineligible case runs out of time → OVERDUE under supervision; then the same crash.
    const c = await acceptedCase({ deemedConsentEligible: false });
    expect(await checkpointAt('2026-10-14T00:05:00+08:00', c.id)).toMatchObject({ action: 'WAIT', raised: 'OVERDUE' });
    await crashBeforeRecord(c.id, 'OVERDUE');
    // Act
    const retry = await checkpointAt('2026-10-14T00:05:10+08:00', c.id);
    // Assess: the record, and the wait towards supervision's deadline as before.
    expect(retry).toMatchObject({ action: 'WAIT', towards: 'SUPERVISION_DEADLINE' });
    expect(await record(c.id, 'OVERDUE')).toMatchObject({ reason: 'OVERDUE' });
    expect(await approvalClock(c.id)).toMatchObject({ phase: 'OVERDUE' });
    expect((await approvalClock(c.id))?.clockPending).toBeUndefined();
  });

  it('ends a clock that found a late decision as decided late, not decided', async () => {
    // Prepare: overdue, then decided late (the clock ENDED with outcome DECIDED_LATE).
    const { cases } = await modules();
    const c = await acceptedCase({ deemedConsentEligible: false });
    await checkpointAt('2026-10-14T00:05:00+08:00', c.id);
    const overdue = await cases.getCase(c.id);
    if (!overdue) throw new Error('case missing');
    const at = '2026-10-15T09:00:00+08:00';
    const written = await cases.recordDecision(
      overdue,
      { outcome: 'APPROVED', by: 'reviewer-1', at, late: true },
      { at, type: 'APPROVED', by: 'reviewer-1', note: 'late' },
      new Date(at).toISOString(),
    );
    expect(written.ok).toBe(true);
    // Act: the clock branch wakes before the decision's signal arrives.
    const found = await checkpointAt('2026-10-15T09:00:05+08:00', c.id);
    // Assess
    expect(found).toMatchObject({ action: 'DECIDED_LATE' });
  });
});
