import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { allTables, type TableSpec } from '../functions/store/tables.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export const LOCAL_TABLE_PREFIX = 'xiaoneng-local-';

export function localTableName(spec: TableSpec): string {
  return `${LOCAL_TABLE_PREFIX}${spec.name}`;
}

export interface LocalDynamo {
  readonly url: string;
  readonly server: Server;
  /** Requests being served right now (the simulated clock waits for them to finish). */
  inFlight(): number;
  close(): Promise<void>;
}

/**
 * dynalite (the DynamoDB protocol on LevelDB) with its data under `dir`, so it survives restarts. Responses carry
 * the process clock's Date header: under a simulated clock the AWS SDK would otherwise "correct" a clock skew.
 */
export async function startDynamo(dir: string, port: number, host = '127.0.0.1'): Promise<LocalDynamo> {
  mkdirSync(dir, { recursive: true });
  const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const listeners = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  let active = 0;
  server.on('request', (req, res) => {
    active++;
    res.on('close', () => active--);
    res.setHeader('Date', new Date().toUTCString());
    for (const listener of listeners) listener.call(server, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    server,
    inFlight: () => active,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Creates every table of `functions/store/tables.ts` that does not exist yet (keys and indexes from the spec). */
export async function ensureTables(endpoint: string): Promise<string[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const out = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of out.TableNames ?? []) existing.add(name);
    start = out.LastEvaluatedTableName;
  } while (start);
  const created: string[] = [];
  for (const spec of allTables) {
    const name = localTableName(spec);
    if (existing.has(name)) continue;
    await client.send(new CreateTableCommand(createTableInput(spec, name)));
    for (;;) {
      const out = await client.send(new DescribeTableCommand({ TableName: name }));
      if (out.Table?.TableStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    created.push(name);
  }
  client.destroy();
  return created;
}

function createTableInput(spec: TableSpec, name: string): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N'>();
  const keys = [spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  for (const key of keys) if (key) attributes.set(key.name, key.type);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [
      { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
      ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(spec.indexes.length
      ? {
          GlobalSecondaryIndexes: spec.indexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }] : []),
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}
