import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../functions/store/tables.ts';
import { ensureTables, type LocalDynamo, localTableName, startDynamo } from '../../local/dynamodb.ts';
import { LocalStreams, type StreamRecord } from '../../local/streams.ts';
import { freePort } from '../support/dynamo.ts';
import { temporaryFolder } from '../support/temporary.ts';

const CASES = localTableName(tables.cases);
const records: StreamRecord[] = [];
/** While set, the reader holds each batch until it resolves (a slow reader: a Lambda still running). */
let hold: Promise<void> | undefined;
let holding: (() => void) | undefined;
const streams = new LocalStreams(
  [
    {
      tableName: CASES,
      keyNames: ['id'],
      reader: async (event) => {
        holding?.();
        if (hold) await hold;
        records.push(...event.Records);
        return { batchItemFailures: [] };
      },
    },
  ],
  () => undefined,
);
let dynamo: LocalDynamo;
let db: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamo(temporaryFolder('streams'), await freePort(), '127.0.0.1', streams);
  await ensureTables(dynamo.url);
  db = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
});
afterAll(async () => {
  db?.destroy();
  await dynamo?.close();
});

async function drained() {
  while (streams.inFlight() > 0) await new Promise((r) => setTimeout(r, 5));
}

describe('the local DynamoDB stream', () => {
  it('keeps a record that arrives while the reader is still reading the batch before it', async () => {
    // Prepare: the reader holds its batch until released (the anchor withdrawn-while-paused case lost its last record
    // this way: it arrived while the record before it was being read, and was spliced away unread).
    records.length = 0;
    let release = () => {};
    hold = new Promise((resolve) => {
      release = resolve;
    });
    const reading = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const put = (id: string) =>
      db.send(new PutItemCommand({ TableName: CASES, Item: { id: { S: id }, n: { N: '1' } } }));
    const batchesBefore = streams.completed();
    // Act: one write is being read when the second arrives.
    await put('H-1');
    await reading;
    holding = undefined;
    await put('H-2');
    // Both wait for the reader: the one being read stays counted until its batch is done (the runtime holds due
    // deadlines while too many records wait: local/runtime.ts MAX_QUEUED_RECORDS).
    expect(streams.queued()).toBe(2);
    hold = undefined;
    release();
    await drained();
    // Assess
    expect(records.map((r) => r.dynamodb.Keys.id?.S)).toEqual(['H-1', 'H-2']);
    // Two batches read, each counted once when taken off the queue (the simulated clock's sign of progress).
    expect(streams.completed() - batchesBefore).toBe(2);
    expect(streams.queued()).toBe(0);
  });

  it('gives each of many concurrent writes to one item its own old and new image, in order', async () => {
    // Prepare
    await db.send(new PutItemCommand({ TableName: CASES, Item: { id: { S: 'S-1' }, n: { N: '0' } } }));
    // Act: 20 increments at once.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.send(
          new UpdateItemCommand({
            TableName: CASES,
            Key: { id: { S: 'S-1' } },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          }),
        ),
      ),
    );
    await drained();
    // Assess: INSERT 0, then 0→1, 1→2, … 19→20, each old image the previous new one.
    const mine = records.filter((r) => r.dynamodb.Keys.id?.S === 'S-1');
    expect(mine.map((r) => r.eventName)).toEqual(['INSERT', ...Array(20).fill('MODIFY')]);
    expect(mine.map((r) => [r.dynamodb.OldImage?.n?.N, r.dynamodb.NewImage?.n?.N])).toEqual([
      [undefined, '0'],
      ...Array.from({ length: 20 }, (_, i) => [String(i), String(i + 1)]),
    ]);
    const sequence = mine.map((r) => r.dynamodb.SequenceNumber);
    expect([...sequence].sort()).toEqual(sequence);
  });

  it('records nothing for a write that changed nothing, or that its condition refused', async () => {
    const before = records.length;
    await db.send(new PutItemCommand({ TableName: CASES, Item: { id: { S: 'S-1' }, n: { N: '20' } } }));
    await expect(
      db.send(
        new PutItemCommand({
          TableName: CASES,
          Item: { id: { S: 'S-1' }, n: { N: '99' } },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      ),
    ).rejects.toThrow(/conditional/i);
    await drained();
    expect(records.length).toBe(before);
  });

  it('answers a write its key makes invalid with dynalite’s own 400, never a 500, and records nothing', async () => {
    const before = records.length;
    // The tap reads the item's old image first: a key of the wrong type must not fail that read (it once answered
    // 500), but reach dynalite, which refuses the write as DynamoDB does.
    const refused = db.send(new PutItemCommand({ TableName: CASES, Item: { id: { N: '7' }, n: { N: '1' } } }));
    await expect(refused).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await drained();
    expect(records.length).toBe(before);
  });
});
