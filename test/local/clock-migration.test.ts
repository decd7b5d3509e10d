import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindCreated, verifyCase } from '../../functions/domain/timeline.ts';
import type { CaseRecord } from '../../functions/store/cases.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { migrateClocks } from '../../local/migrate-clocks.ts';
import { storedCase } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';

// Issue 11: a data folder written before the deadline engine kept each case's clock state on the case item. At start
// the runtime moves it into the Clocks table; these are cases as the previous version left them.

let dynamo: LocalDynamo;
let dir: string;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  dir = mkdtempSync(join(tmpdir(), 'xiaoneng-clock-migration-'));
});
afterAll(async () => {
  await dynamo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const modules = async () => ({
  cases: await import('../../functions/store/cases.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  client: await import('../../functions/store/client.ts'),
});

const EXECUTION = 'arn:aws:states:us-east-1:000000000000:execution:xiaoneng-local-ApprovalClock:';

/** A case as the version before the engine wrote it: clock markers, token and execution on the item, state bound. */
function legacy(id: string, overrides: Record<string, unknown>): CaseRecord {
  const bound = bindCreated(storedCase(id, 'ACCEPTED', overrides as Partial<CaseRecord>));
  return bound as CaseRecord;
}

async function put(item: CaseRecord & Record<string, unknown>): Promise<void> {
  const { client } = await modules();
  await client.db().send(new PutCommand({ TableName: process.env.CASES_TABLE, Item: item }));
}

describe('a data folder from before the deadline engine', () => {
  const running = 'XN20261008-01MIGRATERUNNING000000000000';
  const paused = 'XN20261008-01MIGRATEPAUSED00000000000000';
  const overdue = 'XN20261008-01MIGRATEOVERDUE0000000000000';
  const received = 'XN20261008-01MIGRATERECEIVED000000000000';
  const decided = 'XN20261008-01MIGRATEDECIDED00000000000000';

  it('has each case’s clock moved into the Clocks table, its unbound markers off the case, its state still verified', async () => {
    // Prepare
    const { cases, clocks } = await modules();
    const old = {
      [running]: legacy(running, { yellowWarnedFor: '2026-10-13T16:00:00.000Z' }),
      [paused]: legacy(paused, {
        status: 'SUSPENDED',
        pauses: [{ reason: 'TESTING', expectedWorkingDays: 2, from: '2026-10-09T10:00:00+08:00', by: 'r' }],
      }),
      [overdue]: legacy(overdue, {
        status: 'OVERDUE',
        deemedConsentEligible: false,
        supervision: {
          since: '2026-10-14T00:00:00+08:00',
          deadlineDate: '2026-10-15',
          deadline: '2026-10-16T00:00:00+08:00',
          deadlineAt: '2026-10-15T16:00:00.000Z',
        },
      }),
      [received]: legacy(received, {
        status: 'RECEIVED',
        acceptedOn: undefined,
        deadlineDate: undefined,
        deadline: undefined,
        deadlineAt: undefined,
        reviewDeadline: '2026-10-16T00:00:00+08:00',
        reviewDeadlineAt: '2026-10-15T16:00:00.000Z',
      }),
      [decided]: legacy(decided, {
        status: 'APPROVED',
        decision: { outcome: 'APPROVED', by: 'r', at: '2026-10-09T10:00:00+08:00', late: false },
      }),
    };
    const markers = (id: string) => ({
      clockPending: 'OPEN',
      taskToken: `token-${id}`,
      executionArn: `${EXECUTION}${id}`,
    });
    await put({ ...old[running], ...markers(running) } as never);
    await put({ ...old[paused], ...markers(paused) } as never);
    await put({ ...old[overdue], ...markers(overdue) } as never);
    await put({ ...old[received] } as never);
    await put({ ...old[decided], executionArn: `${EXECUTION}${decided}` } as never);
    const done = join(dir, 'migrations', 'clocks.json');

    // Act
    const created = await migrateClocks(dynamo.url, done);

    // Assess: one clock per case that has one, in the phase its status implies, with what the case carried.
    expect(created).toBe(5);
    const approval = (id: string) => clocks.getClock({ subject: id, duty: 'APPROVAL' });
    expect(await approval(running)).toMatchObject({
      phase: 'RUNNING',
      deadlineAt: '2026-10-13T16:00:00.000Z',
      warnedFor: '2026-10-13T16:00:00.000Z',
      clockPending: 'OPEN',
      taskToken: `token-${running}`,
      executionArn: `${EXECUTION}${running}`,
      executionName: running,
    });
    expect(await approval(paused)).toMatchObject({ phase: 'PAUSED', pausedSince: '2026-10-09T10:00:00+08:00' });
    expect(await approval(overdue)).toMatchObject({
      phase: 'OVERDUE',
      supervision: { deadlineAt: '2026-10-15T16:00:00.000Z' },
      clockPending: 'OPEN',
    });
    expect(await approval(decided)).toMatchObject({ phase: 'ENDED', outcome: 'DECIDED' });
    expect(await approval(decided)).not.toHaveProperty('clockPending');
    expect(await clocks.getClock({ subject: received, duty: 'INTAKE_REVIEW' })).toMatchObject({
      phase: 'RUNNING',
      deadlineDate: '2026-10-15',
      deadlineAt: '2026-10-15T16:00:00.000Z',
      executionName: `${received}-intake`,
      clockPending: 'OPEN',
    });
    for (const id of [running, paused, overdue, received, decided]) {
      const after = await cases.getCase(id);
      for (const moved of ['clockPending', 'clockStartPending', 'taskToken', 'executionArn']) {
        expect(after, `${id} ${moved}`).not.toHaveProperty(moved);
      }
      // Only unbound attributes left the case: its state still verifies against its timeline.
      expect(verifyCase(after as CaseRecord)).toMatchObject({ valid: true, state: { bound: true, valid: true } });
    }
    expect(existsSync(done)).toBe(true);
  });

  it('is migrated once: the next start finds the record of it and reads nothing', async () => {
    const done = join(dir, 'migrations', 'clocks.json');
    expect(await migrateClocks(dynamo.url, done)).toBe(0);
  });

  it('keeps a clock already there (a migration killed half-way and run again)', async () => {
    const { clocks } = await modules();
    const again = join(dir, 'migrations', 'again.json');
    const before = await clocks.getClock({ subject: running, duty: 'APPROVAL' });
    expect(await migrateClocks(dynamo.url, again)).toBe(0);
    expect(await clocks.getClock({ subject: running, duty: 'APPROVAL' })).toEqual(before);
  });
});
