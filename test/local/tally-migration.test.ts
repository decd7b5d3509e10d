import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/store/cases.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { migrateTallies } from '../../local/migrate-tallies.ts';
import { chainedTimeline, storedCase } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';

// Issue 12: a data folder written before the evaluation's tallies has cases nobody counted. At start the runtime
// counts them once, through the stream reader's own conditional write.

let dynamo: LocalDynamo;
let dir: string;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  dir = mkdtempSync(join(tmpdir(), 'xiaoneng-tally-migration-'));
});
afterAll(async () => {
  await dynamo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const modules = async () => ({
  client: await import('../../functions/store/client.ts'),
  evaluations: await import('../../functions/store/evaluations.ts'),
  tally: await import('../../functions/stream/tally.ts'),
});

async function put(item: CaseRecord): Promise<void> {
  const { client } = await modules();
  await client.db().send(new PutCommand({ TableName: process.env.CASES_TABLE, Item: item }));
}

describe('a data folder from before the tallies', () => {
  it('has its cases counted once at start, never again, and never twice with the stream', async () => {
    // Prepare: two old cases (RECEIVED, ACCEPTED on 2026-10-08); the stream has meanwhile counted one of them whole.
    const { evaluations, tally } = await modules();
    const a = storedCase('M-1', 'RECEIVED', chainedTimeline('M-1', ['RECEIVED', 'ACCEPTED']));
    const b = storedCase('M-2', 'RECEIVED', chainedTimeline('M-2', ['RECEIVED', 'ACCEPTED']));
    await put(a);
    await put(b);
    const bLater = storedCase('M-2', 'RECEIVED', chainedTimeline('M-2', ['RECEIVED', 'ACCEPTED', 'YELLOW_WARNING']));
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    await tally.handler(
      {
        Records: [
          {
            eventName: 'MODIFY',
            dynamodb: {
              SequenceNumber: '1',
              OldImage: marshall(b, { removeUndefinedValues: true }),
              NewImage: marshall(bLater, { removeUndefinedValues: true }),
            },
          },
        ],
      },
      {} as never,
    );
    await put(bLater);
    const done = join(dir, 'migrations', 'tallies.json');

    // Act
    const first = await migrateTallies(done);
    const second = await migrateTallies(done);
    rmSync(done); // a start killed before it recorded the migration runs it again
    const third = await migrateTallies(done);

    // Assess
    expect(first).toEqual({ cases: 2, events: 2 });
    expect(second).toEqual({ cases: 0, events: 0 });
    expect(third).toEqual({ cases: 2, events: 0 });
    expect(existsSync(done)).toBe(true);
    const { rows } = await evaluations.readTallies('2026-10-08', '2026-10-08');
    expect(rows.find((r) => r.unit.kind === 'CENTRE')?.counters).toEqual({
      received: 2,
      accepted: 2,
      yellowWarnings: 1,
    });
  });
});
