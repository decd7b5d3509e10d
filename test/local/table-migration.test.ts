import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { tables } from '../../functions/store/tables.ts';
import { ensureTables, type LocalDynamo, localTableName, startDynamo } from '../../local/dynamodb.ts';
import { freePort } from '../support/dynamo.ts';
import { temporaryFolder } from '../support/temporary.ts';

let dynamo: LocalDynamo | undefined;
afterEach(async () => {
  await dynamo?.close();
  dynamo = undefined;
});

const cases = localTableName(tables.cases);
const client = (url: string) =>
  new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });

/**
 * A data folder whose Cases table has an index the spec has dropped since (`openClocks`, which moved to the Clocks
 * table) and lacks the one it has gained (`openByDepartment`), holding `n` cases.
 */
async function oldDataFolder(n: number): Promise<string> {
  const dir = temporaryFolder('migration');
  dynamo = await startDynamo(join(dir, 'dynamodb'), await freePort());
  const db = client(dynamo.url);
  await db.send(
    new CreateTableCommand({
      TableName: cases,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'clockPending', AttributeType: 'S' },
        { AttributeName: 'deadlineAt', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'openClocks',
          KeySchema: [
            { AttributeName: 'clockPending', KeyType: 'HASH' },
            { AttributeName: 'deadlineAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  // dynalite makes a table ACTIVE on a timer after answering CreateTable; a write before that is refused (seen as
  // ResourceNotFoundException when the machine is loaded).
  while ((await db.send(new DescribeTableCommand({ TableName: cases }))).Table?.TableStatus !== 'ACTIVE') {
    await new Promise((r) => setTimeout(r, 10));
  }
  for (let i = 0; i < n; i += 25) {
    const batch = Array.from({ length: Math.min(25, n - i) }, (_, j) => ({
      PutRequest: {
        Item: {
          id: { S: `XN-${String(i + j).padStart(4, '0')}` },
          clockPending: { S: 'OPEN' },
          deadlineAt: { S: '2026-10-13T16:00:00.000Z' },
          openDepartment: { S: 'market' },
          receivedAt: { S: '2026-10-08T10:00:00+08:00' },
          applicantSub: { S: `applicant-${(i + j) % 2}` },
          itemCode: { S: 'SC-001' },
          status: { S: 'ACCEPTED' },
          applicant: { M: { name: { S: '张三' }, phone: { S: '13800000000' } } },
        },
      },
    }));
    await db.send(new BatchWriteItemCommand({ RequestItems: { [cases]: batch } }));
  }
  db.destroy();
  await dynamo.close();
  dynamo = undefined;
  return dir;
}

describe('tables of an older data folder', () => {
  it('are rebuilt even when dropping and creating a table take time (as on DynamoDB, or a loaded machine)', async () => {
    // Prepare
    const dir = await oldDataFolder(3);
    dynamo = await startDynamo(join(dir, 'dynamodb'), await freePort(), undefined, undefined, {
      create: 150,
      delete: 150,
    });
    // Act
    const changed = await ensureTables(dynamo.url, join(dir, 'dynamodb-migration'));
    // Assess
    expect(changed).toContain(cases);
    const db = client(dynamo.url);
    expect((await db.send(new ScanCommand({ TableName: cases }))).Count).toBe(3);
    db.destroy();
  });

  it('are rebuilt with the indexes added since, every item kept', async () => {
    // Prepare
    const dir = await oldDataFolder(60);
    dynamo = await startDynamo(join(dir, 'dynamodb'), await freePort());
    // Act
    const changed = await ensureTables(dynamo.url, join(dir, 'dynamodb-migration'));
    // Assess
    expect(changed).toContain(cases);
    const db = client(dynamo.url);
    const described = await db.send(new DescribeTableCommand({ TableName: cases }));
    expect((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
      tables.cases.indexes.map((i) => i.indexName).sort(),
    );
    expect((await db.send(new ScanCommand({ TableName: cases }))).Count).toBe(60);
    const open = await db.send(
      new QueryCommand({
        TableName: cases,
        IndexName: 'openByDepartment',
        KeyConditionExpression: 'openDepartment = :department',
        ExpressionAttributeValues: { ':department': { S: 'market' } },
      }),
    );
    expect(open.Count).toBe(60);
    // The cases of the folder are in the index added since (an applicant's own list), with only its projection.
    const own = await db.send(
      new QueryCommand({
        TableName: cases,
        IndexName: 'byApplicant',
        KeyConditionExpression: 'applicantSub = :sub',
        ExpressionAttributeValues: { ':sub': { S: 'applicant-1' } },
      }),
    );
    expect(own.Count).toBe(30);
    const projected = new Set(['id', 'applicantSub', 'receivedAt', ...(tables.cases.indexes[1].projection ?? [])]);
    for (const item of own.Items ?? []) expect(Object.keys(item).filter((k) => !projected.has(k))).toEqual([]);
    expect(own.Items?.[0]).toMatchObject({ itemCode: { S: 'SC-001' }, status: { S: 'ACCEPTED' } });
    expect(existsSync(join(dir, 'dynamodb-migration', `${cases}.jsonl`))).toBe(false);
    // Nothing left to do the next time.
    expect(await ensureTables(dynamo.url, join(dir, 'dynamodb-migration'))).toEqual([]);
    db.destroy();
  });

  it('are rebuilt when an index keeps its name but copies other attributes (its projection changed)', async () => {
    // Prepare: the tables as the spec has them, except the applicant index copying every attribute.
    const dir = temporaryFolder('migration');
    dynamo = await startDynamo(join(dir, 'dynamodb'), await freePort());
    await ensureTables(dynamo.url, join(dir, 'dynamodb-migration'));
    const db = client(dynamo.url);
    const item = {
      id: { S: 'XN-OLD' },
      applicantSub: { S: 'a' },
      receivedAt: { S: '2026-10-08T10:00:00+08:00' },
      timeline: { L: [] },
    };
    await db.send(new BatchWriteItemCommand({ RequestItems: { [cases]: [{ PutRequest: { Item: item } }] } }));
    const described = (await db.send(new DescribeTableCommand({ TableName: cases }))).Table;
    const allProjected = (described?.GlobalSecondaryIndexes ?? []).map((i) => ({
      IndexName: i.IndexName,
      KeySchema: i.KeySchema,
      Projection: { ProjectionType: 'ALL' as const },
    }));
    await db.send(new DeleteTableCommand({ TableName: cases }));
    while ((await db.send(new ListTablesCommand({}))).TableNames?.includes(cases)) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await db.send(
      new CreateTableCommand({
        TableName: cases,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: described?.AttributeDefinitions,
        KeySchema: described?.KeySchema,
        GlobalSecondaryIndexes: allProjected,
      }),
    );
    while ((await db.send(new DescribeTableCommand({ TableName: cases }))).Table?.TableStatus !== 'ACTIVE') {
      await new Promise((r) => setTimeout(r, 10));
    }
    await db.send(new BatchWriteItemCommand({ RequestItems: { [cases]: [{ PutRequest: { Item: item } }] } }));
    // Act
    const changed = await ensureTables(dynamo.url, join(dir, 'dynamodb-migration'));
    // Assess
    expect(changed).toEqual([cases]);
    const own = await db.send(
      new QueryCommand({
        TableName: cases,
        IndexName: 'byApplicant',
        KeyConditionExpression: 'applicantSub = :sub',
        ExpressionAttributeValues: { ':sub': { S: 'a' } },
      }),
    );
    expect(own.Items).toEqual([{ id: item.id, applicantSub: item.applicantSub, receivedAt: item.receivedAt }]);
    expect(await ensureTables(dynamo.url, join(dir, 'dynamodb-migration'))).toEqual([]);
    db.destroy();
  });

  it('put back the copy of a rebuild that was killed after the table was dropped', async () => {
    // Prepare: the copy written, the table dropped, then the process killed.
    const dir = temporaryFolder('migration');
    mkdirSync(join(dir, 'dynamodb-migration'));
    const item = { id: { S: 'XN-KEPT' }, receivedAt: { S: '2026-10-08T10:00:00+08:00' } };
    writeFileSync(join(dir, 'dynamodb-migration', `${cases}.jsonl`), `${JSON.stringify(item)}\n`);
    dynamo = await startDynamo(join(dir, 'dynamodb'), await freePort());
    // Act
    await ensureTables(dynamo.url, join(dir, 'dynamodb-migration'));
    // Assess
    const db = client(dynamo.url);
    expect((await db.send(new ScanCommand({ TableName: cases }))).Items).toEqual([item]);
    expect(existsSync(join(dir, 'dynamodb-migration', `${cases}.jsonl`))).toBe(false);
    db.destroy();
  });

  it('without a migration folder, say what to do instead of starting with a table that lacks an index', async () => {
    const dir = await oldDataFolder(1);
    dynamo = await startDynamo(join(dir, 'dynamodb'), await freePort());
    await expect(ensureTables(dynamo.url)).rejects.toThrow(
      /must be rebuilt with the new index\(es\) openByDepartment, byApplicant, without openClocks: delete the data folder/,
    );
  });
});
