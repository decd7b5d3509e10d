import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactGetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../functions/store/tables.ts';
import { ensureTables, type LocalDynamo, localTableName, startDynamo } from '../../local/dynamodb.ts';
import { freePort } from '../support/dynamo.ts';
import { recordingStreams } from '../support/streams.ts';

// The local DynamoDB's TransactWriteItems / TransactGetItems (local/transactions.ts), driven by the real AWS SDK v3
// against real dynalite: Cases stands for a streamed table with indexes, Accountability (hash + range key, an index)
// for a second table such as the clocks the lead is moving out of the case.

const CASES = localTableName(tables.cases);
const ACCOUNTABILITY = localTableName(tables.accountability);
const { streams, records } = recordingStreams(CASES);

let dir: string;
let dynamo: LocalDynamo;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xiaoneng-transactions-'));
  dynamo = await startDynamo(dir, await freePort(), '127.0.0.1', streams);
  await ensureTables(dynamo.url);
  raw = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    maxAttempts: 1,
  });
  doc = DynamoDBDocumentClient.from(raw);
});
afterAll(async () => {
  raw?.destroy();
  await dynamo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function drained() {
  while (streams.inFlight() > 0 || dynamo.inFlight() > 0) await new Promise((r) => setTimeout(r, 5));
}

const getCase = async (id: string) => (await doc.send(new GetCommand({ TableName: CASES, Key: { id } }))).Item;
const getDuty = async (caseId: string, reason: string) =>
  (await doc.send(new GetCommand({ TableName: ACCOUNTABILITY, Key: { caseId, reason } }))).Item;

/** The error a send rejects with (the test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the request to fail');
}

describe('TransactWriteItems on the local DynamoDB', () => {
  it('writes every action across two tables when every condition holds', async () => {
    // Prepare
    await doc.send(new PutCommand({ TableName: CASES, Item: { id: 'T-1', status: 'ACCEPTED', n: 1 } }));

    // Act: a decision and its clock's record, as one transaction; a condition check on a third item.
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: CASES,
              Key: { id: 'T-1' },
              // The decision wins only while the case is still undecided.
              ConditionExpression: '#s = :accepted',
              UpdateExpression: 'SET #s = :decided ADD n :one',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':accepted': 'ACCEPTED', ':decided': 'APPROVED', ':one': 1 },
            },
          },
          {
            Put: {
              TableName: ACCOUNTABILITY,
              Item: { caseId: 'T-1', reason: 'CLOCK', outcome: 'DECIDED' },
              ConditionExpression: 'attribute_not_exists(caseId)',
            },
          },
          {
            ConditionCheck: {
              TableName: CASES,
              Key: { id: 'T-none' },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          },
        ],
      }),
    );

    // Assess
    expect(await getCase('T-1')).toEqual({ id: 'T-1', status: 'APPROVED', n: 2 });
    expect(await getDuty('T-1', 'CLOCK')).toEqual({ caseId: 'T-1', reason: 'CLOCK', outcome: 'DECIDED' });
    expect(await getCase('T-none')).toBeUndefined();
  });

  it('cancels every action when one condition fails: HTTP 400 TransactionCanceledException, reasons in order, ALL_OLD item', async () => {
    // Prepare: the deadline already settled the case.
    await doc.send(new PutCommand({ TableName: CASES, Item: { id: 'T-2', status: 'DEEMED_APPROVED' } }));

    // Act: a late decision together with its clock record.
    const error = await failure(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: ACCOUNTABILITY,
                Item: { caseId: 'T-2', reason: 'CLOCK', outcome: 'DECIDED' },
              },
            },
            {
              Update: {
                TableName: CASES,
                Key: { id: 'T-2' },
                ConditionExpression: '#s = :accepted',
                UpdateExpression: 'SET #s = :decided',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':accepted': 'ACCEPTED', ':decided': 'REJECTED' },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Delete: {
                TableName: CASES,
                Key: { id: 'T-2-other' },
                ConditionExpression: 'attribute_exists(id)',
              },
            },
          ],
        }),
      ),
    );

    // Assess: the SDK's own exception class, with the reasons in action order
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.name).toBe('TransactionCanceledException');
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]',
    );
    expect((error as unknown as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'None' },
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { id: { S: 'T-2' }, status: { S: 'DEEMED_APPROVED' } },
      },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(await getDuty('T-2', 'CLOCK')).toBeUndefined();
    expect(await getCase('T-2')).toEqual({ id: 'T-2', status: 'DEEMED_APPROVED' });
  });

  it('cancels with a ValidationError reason when an update cannot apply to the item as it is', async () => {
    // Prepare
    await doc.send(new PutCommand({ TableName: CASES, Item: { id: 'T-3', n: 'text' } }));

    // Act: ADD a number to a string.
    const error = await failure(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: ACCOUNTABILITY, Item: { caseId: 'T-3', reason: 'X' } } },
            {
              Update: {
                TableName: CASES,
                Key: { id: 'T-3' },
                UpdateExpression: 'ADD n :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as unknown as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'ValidationError',
    ]);
    expect(await getDuty('T-3', 'X')).toBeUndefined();
  });

  it('never lets a concurrent UpdateItem fall between a transaction’s check and its write', async () => {
    // Prepare: a counter on a case, and a tally of the transactions that won.
    await doc.send(new PutCommand({ TableName: CASES, Item: { id: 'T-race', v: 0 } }));
    await doc.send(new PutCommand({ TableName: ACCOUNTABILITY, Item: { caseId: 'T-race', reason: 'TALLY', n: 0 } }));
    let singles = 0;
    let won = 0;

    // Act: rounds of transactions that add 1 to v by reading it and writing it back (`SET v = v + :one`, under a
    // condition on v), racing plain `ADD v 1` updates of the same item. An update that landed between the
    // transaction's read and its write would be overwritten: v would come out short.
    for (let round = 0; round < 15; round++) {
      const transactions = Array.from({ length: 3 }, () =>
        doc
          .send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: CASES,
                    Key: { id: 'T-race' },
                    ConditionExpression: 'v >= :zero',
                    UpdateExpression: 'SET v = v + :one',
                    ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
                  },
                },
                {
                  Update: {
                    TableName: ACCOUNTABILITY,
                    Key: { caseId: 'T-race', reason: 'TALLY' },
                    UpdateExpression: 'ADD n :one',
                    ExpressionAttributeValues: { ':one': 1 },
                  },
                },
              ],
            }),
          )
          .then(() => won++),
      );
      const increments = Array.from({ length: 4 }, () =>
        raw
          .send(
            new UpdateItemCommand({
              TableName: CASES,
              Key: { id: { S: 'T-race' } },
              UpdateExpression: 'ADD v :one',
              ExpressionAttributeValues: { ':one': { N: '1' } },
            }),
          )
          .then(() => singles++),
      );
      await Promise.all([...transactions, ...increments]);
    }
    await drained();

    // Assess: every increment and every winning transaction counted exactly once, on both items.
    expect(won).toBe(45);
    expect((await getCase('T-race'))?.v).toBe(singles + won);
    expect((await getDuty('T-race', 'TALLY'))?.n).toBe(won);
    // The stream saw one change per write, each old image the previous new one.
    const mine = records.filter((r) => r.dynamodb.Keys.id?.S === 'T-race');
    expect(mine).toHaveLength(1 + singles + won);
    for (let i = 1; i < mine.length; i++) {
      expect(mine[i]?.dynamodb.OldImage).toEqual(mine[i - 1]?.dynamodb.NewImage);
    }
  });

  it('keeps secondary indexes right through a transactional Put, Update and Delete', async () => {
    const due = (at: string) =>
      raw
        .send(
          new QueryCommand({
            TableName: CASES,
            IndexName: 'openByDepartment',
            KeyConditionExpression: 'openDepartment = :open AND receivedAt = :at',
            ExpressionAttributeValues: { ':open': { S: 'OPEN' }, ':at': { S: at } },
          }),
        )
        .then((out) => (out.Items ?? []).map((item) => item.id?.S));
    const byYear = (year: string) =>
      raw
        .send(
          new QueryCommand({
            TableName: ACCOUNTABILITY,
            IndexName: 'byYear',
            KeyConditionExpression: '#y = :y',
            ExpressionAttributeNames: { '#y': 'year' },
            ExpressionAttributeValues: { ':y': { S: year } },
          }),
        )
        .then((out) => (out.Items ?? []).map((item) => item.caseId?.S));
    const AT1 = '2031-01-01T00:00:00.000Z';
    const AT2 = '2031-02-01T00:00:00.000Z';

    // Act 1: Put on both tables.
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: CASES, Item: { id: 'T-ix', openDepartment: 'OPEN', receivedAt: AT1 } } },
          { Put: { TableName: ACCOUNTABILITY, Item: { caseId: 'T-ix', reason: 'R', year: '2031', at: AT1 } } },
        ],
      }),
    );
    expect(await due(AT1)).toEqual(['T-ix']);
    expect(await byYear('2031')).toEqual(['T-ix']);

    // Act 2: Update moves the deadline (a new index key), and moves the duty to another year.
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: CASES,
              Key: { id: 'T-ix' },
              UpdateExpression: 'SET receivedAt = :at',
              ExpressionAttributeValues: { ':at': AT2 },
            },
          },
          {
            Update: {
              TableName: ACCOUNTABILITY,
              Key: { caseId: 'T-ix', reason: 'R' },
              UpdateExpression: 'SET #y = :y',
              ExpressionAttributeNames: { '#y': 'year' },
              ExpressionAttributeValues: { ':y': '2032' },
            },
          },
        ],
      }),
    );
    expect(await due(AT1)).toEqual([]);
    expect(await due(AT2)).toEqual(['T-ix']);
    expect(await byYear('2031')).toEqual([]);
    expect(await byYear('2032')).toEqual(['T-ix']);

    // Act 3: Update removes the sparse key; Delete removes the other item.
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: CASES, Key: { id: 'T-ix' }, UpdateExpression: 'REMOVE openDepartment' } },
          { Delete: { TableName: ACCOUNTABILITY, Key: { caseId: 'T-ix', reason: 'R' } } },
        ],
      }),
    );
    expect(await due(AT2)).toEqual([]);
    expect(await byYear('2032')).toEqual([]);
  });

  it('gives each item a transaction changes on a streamed table one stream record, in action order; none when cancelled', async () => {
    // Prepare
    await doc.send(new PutCommand({ TableName: CASES, Item: { id: 'T-s2', n: 1 } }));
    await doc.send(new PutCommand({ TableName: CASES, Item: { id: 'T-s3', n: 1 } }));
    await drained();
    const from = records.length;

    // Act: an insert, a modify, a delete and a check (no change), then a transaction that is cancelled.
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: CASES, Item: { id: 'T-s1', n: 1 } } },
          {
            ConditionCheck: {
              TableName: CASES,
              Key: { id: 'T-s3' },
              ConditionExpression: 'n = :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          {
            Update: {
              TableName: CASES,
              Key: { id: 'T-s2' },
              UpdateExpression: 'SET n = :two',
              ExpressionAttributeValues: { ':two': 2 },
            },
          },
          { Put: { TableName: ACCOUNTABILITY, Item: { caseId: 'T-s', reason: 'R' } } },
        ],
      }),
    );
    await doc.send(
      new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: CASES, Key: { id: 'T-s3' } } }] }),
    );
    await failure(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: CASES, Item: { id: 'T-s4', n: 1 } } },
            { ConditionCheck: { TableName: CASES, Key: { id: 'T-s3' }, ConditionExpression: 'attribute_exists(id)' } },
          ],
        }),
      ),
    );
    await drained();

    // Assess
    const mine = records.slice(from).map((r) => ({
      event: r.eventName,
      id: r.dynamodb.Keys.id?.S,
      old: r.dynamodb.OldImage?.n?.N,
      new: r.dynamodb.NewImage?.n?.N,
    }));
    expect(mine).toEqual([
      { event: 'INSERT', id: 'T-s1', old: undefined, new: '1' },
      { event: 'MODIFY', id: 'T-s2', old: '1', new: '2' },
      { event: 'REMOVE', id: 'T-s3', old: '1', new: undefined },
    ]);
    const sequence = records.slice(from).map((r) => r.dynamodb.SequenceNumber);
    expect([...sequence].sort()).toEqual(sequence);
  });

  describe('refuses a malformed transaction with HTTP 400 ValidationException, writing nothing', () => {
    const put = (id: string) => ({ Put: { TableName: CASES, Item: { id } } });
    const cases: [string, TransactWriteCommandInput['TransactItems'], RegExp][] = [
      [
        'two actions on one item',
        [put('V-1'), { Delete: { TableName: CASES, Key: { id: 'V-1' } } }],
        /multiple operations on one item/,
      ],
      ['more than 100 actions', Array.from({ length: 101 }, (_, i) => put(`V-many-${i}`)), /less than or equal to 100/],
      ['no actions', [], /greater than or equal to 1/],
      [
        'a malformed condition expression',
        [put('V-2'), { Put: { TableName: CASES, Item: { id: 'V-3' }, ConditionExpression: 'attribute_not_exists(' } }],
        /Invalid ConditionExpression/,
      ],
      [
        'an unused expression value',
        [
          {
            Put: {
              TableName: CASES,
              Item: { id: 'V-4' },
              ExpressionAttributeValues: { ':x': 1 },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          },
        ],
        /unused in expressions/,
      ],
      [
        'an update without an update expression',
        [{ Update: { TableName: CASES, Key: { id: 'V-5' } } } as never],
        /updateExpression/i,
      ],
      ['an item without its key', [{ Put: { TableName: CASES, Item: { other: 'x' } } }], /key/i],
      [
        'an element with two actions',
        [{ ...put('V-6'), Delete: { TableName: CASES, Key: { id: 'V-7' } } }],
        /only contain one of/,
      ],
    ];
    it.each(cases)('%s', async (_name, items, message) => {
      const error = await failure(doc.send(new TransactWriteCommand({ TransactItems: items })));
      expect(error.name).toBe('ValidationException');
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
      expect(error.message).toMatch(message);
      for (const id of ['V-1', 'V-2', 'V-3', 'V-4', 'V-6', 'V-many-0']) expect(await getCase(id)).toBeUndefined();
    });

    it('a table that does not exist: ResourceNotFoundException', async () => {
      const error = await failure(
        doc.send(
          new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'no-such-table', Item: { id: 'x' } } }] }),
        ),
      );
      expect(error.name).toBe('ResourceNotFoundException');
    });
  });

  it('applies a ClientRequestToken once: the same request again succeeds without writing again', async () => {
    // Prepare
    const input = {
      ClientRequestToken: 'token-T-idem',
      TransactItems: [
        {
          Update: {
            TableName: CASES,
            Key: { id: { S: 'T-idem' } },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    };
    // Act
    await raw.send(new TransactWriteItemsCommand(input));
    await raw.send(new TransactWriteItemsCommand(input));
    const mismatch = await failure(
      raw.send(
        new TransactWriteItemsCommand({
          ...input,
          TransactItems: [...input.TransactItems, { Put: { TableName: CASES, Item: { id: { S: 'T-idem-2' } } } }],
        }),
      ),
    );
    // Assess
    expect((await raw.send(new GetItemCommand({ TableName: CASES, Key: { id: { S: 'T-idem' } } }))).Item?.n).toEqual({
      N: '1',
    });
    expect(mismatch.name).toBe('IdempotentParameterMismatchException');
  });
});

describe('TransactGetItems on the local DynamoDB', () => {
  it('reads several items of several tables in request order, an empty entry for a missing one', async () => {
    // Prepare
    await doc.send(new PutCommand({ TableName: CASES, Item: { id: 'G-1', status: 'ACCEPTED', extra: 'x' } }));
    await doc.send(new PutCommand({ TableName: ACCOUNTABILITY, Item: { caseId: 'G-1', reason: 'R', n: 3 } }));

    // Act
    const out = await doc.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: ACCOUNTABILITY, Key: { caseId: 'G-1', reason: 'R' } } },
          { Get: { TableName: CASES, Key: { id: 'G-missing' } } },
          {
            Get: {
              TableName: CASES,
              Key: { id: 'G-1' },
              ProjectionExpression: 'id, #s',
              ExpressionAttributeNames: { '#s': 'status' },
            },
          },
        ],
      }),
    );

    // Assess
    expect(out.Responses).toEqual([
      { Item: { caseId: 'G-1', reason: 'R', n: 3 } },
      {},
      { Item: { id: 'G-1', status: 'ACCEPTED' } },
    ]);
  });

  it('refuses two reads of one item (ValidationException)', async () => {
    const error = await failure(
      doc.send(
        new TransactGetCommand({
          TransactItems: [
            { Get: { TableName: CASES, Key: { id: 'G-1' } } },
            { Get: { TableName: CASES, Key: { id: 'G-1' } } },
          ],
        }),
      ),
    );
    expect(error.name).toBe('ValidationException');
  });
});
