import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { allTables, type TableSpec } from '../functions/store/tables.ts';
import { closeDynaliteIterators } from './level-iterators.ts';
import type { LocalStreams } from './streams.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
// dynalite's own store layout and index rules, so that the repair below computes index entries exactly as it does.
const requireFromDynalite = createRequire(require.resolve('dynalite'));
const dynaliteDb = requireFromDynalite('./db') as {
  getIndexActions(
    indexes: readonly object[],
    existingItem: undefined,
    item: object,
    table: object,
  ): { puts: { key: string; item: unknown }[] };
};
const { Level } = requireFromDynalite('level') as { Level: new (path: string, options: object) => LevelStore };

interface LevelStore {
  open(): Promise<void>;
  close(): Promise<void>;
  values(range: { gte: string; lt: string }): AsyncIterable<unknown>;
  iterator(range: { gte: string; lt: string }): AsyncIterable<[string, unknown]>;
  batch(operations: ({ type: 'put'; key: string; value: unknown } | { type: 'del'; key: string })[]): Promise<void>;
}

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
export async function startDynamo(
  dir: string,
  port: number,
  host = '127.0.0.1',
  /** Table streams to emulate (local/streams.ts): writes to their tables are served through it. */
  streams?: LocalStreams,
): Promise<LocalDynamo> {
  mkdirSync(dir, { recursive: true });
  closeDynaliteIterators();
  const repaired = await repairIndexes(dir);
  if (repaired) process.stderr.write(`dynamodb: ${repaired} index entries left by an interrupted write repaired\n`);
  const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // Never close an idle keep-alive connection (Node's default: after 5 s of REAL time). The SDK's agent may pick such a
  // socket for its next request just as it closes: ECONNRESET/EPIPE, which the SDK retries after a backoff on
  // setTimeout — a simulated timer, which does not fire while simulated time stands still. The handler then hangs
  // until the clock is next moved, and an advance waits for it (30 s per step) — seen in the crash test as whole
  // batches of applications hanging after the runtime had been idle for a few seconds.
  server.keepAliveTimeout = 0;
  const listeners = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  const dynaliteListener = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  const serve = streams ? streams.wrap(dynaliteListener) : dynaliteListener;
  let active = 0;
  server.on('request', (req, res) => {
    active++;
    res.on('close', () => active--);
    res.setHeader('Date', new Date().toUTCString());
    serve(req, res);
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

/** A table as dynalite stores its description. */
interface StoredTable {
  readonly TableName: string;
  readonly LocalSecondaryIndexes?: readonly { readonly IndexName: string }[];
  readonly GlobalSecondaryIndexes?: readonly { readonly IndexName: string }[];
}

/**
 * Rebuilds every secondary index from the items, before dynalite opens the store. dynalite keeps an index entry
 * apart from its item and writes the index FIRST, then the item (dynalite/db updateIndexes, then itemDb.put), in
 * separate LevelDB writes. A process killed between the two leaves an index entry for an item that was never
 * written, or an index missing or still showing an item's old state — for good: nothing ever rewrites it. The crash
 * test found ghost cases on the open-clocks index after a kill during intake (cases whose PutItem never completed),
 * which the reconciler then tried to repair every hour and failed on. Items are the truth; a crash is always
 * followed by a start, so repairing here keeps every index consistent whenever requests are served.
 * @returns how many index entries were removed or rewritten.
 */
export async function repairIndexes(dir: string): Promise<number> {
  const level = new Level(dir, { valueEncoding: 'json' });
  await level.open();
  try {
    const operations: Parameters<LevelStore['batch']>[0] = [];
    for await (const value of level.values(prefixRange('table~'))) {
      const table = value as StoredTable;
      const items: object[] = [];
      for await (const item of level.values(prefixRange(`item-${table.TableName}~`))) items.push(item as object);
      for (const [kind, indexes] of [
        ['local', table.LocalSecondaryIndexes ?? []],
        ['global', table.GlobalSecondaryIndexes ?? []],
      ] as const) {
        for (const index of indexes) {
          const prefix = `index-${kind}~${table.TableName}~${index.IndexName}~`;
          const expected = new Map<string, unknown>();
          for (const item of items) {
            for (const put of dynaliteDb.getIndexActions([index], undefined, item, table).puts) {
              expected.set(prefix + put.key, put.item);
            }
          }
          for await (const [key, entry] of level.iterator(prefixRange(prefix))) {
            const wanted = expected.get(key);
            expected.delete(key);
            if (wanted === undefined) operations.push({ type: 'del', key });
            else if (!isDeepStrictEqual(wanted, entry)) operations.push({ type: 'put', key, value: wanted });
          }
          for (const [key, value] of expected) operations.push({ type: 'put', key, value });
        }
      }
    }
    if (operations.length) await level.batch(operations);
    return operations.length;
  } finally {
    await level.close();
  }
}

function prefixRange(prefix: string): { gte: string; lt: string } {
  return { gte: prefix, lt: `${prefix}\xff` };
}

/** Creates every table of `functions/store/tables.ts` that does not exist yet (keys and indexes from the spec). */
/**
 * Creates every table of the spec that is missing. A table that exists without an index the spec has gained since
 * (dynalite cannot add one to an existing table) is rebuilt with its items, when `migrationDir` is given: its items
 * are first written there, then the table is dropped, created anew and refilled, then the copy is removed — and a
 * copy found at start (a rebuild that was killed) is put back first, so no item is lost to a kill.
 * @returns the tables created or rebuilt.
 */
export async function ensureTables(endpoint: string, migrationDir?: string): Promise<string[]> {
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
  const changed: string[] = [];
  for (const spec of allTables) {
    const name = localTableName(spec);
    const copy = migrationDir ? join(migrationDir, `${name}.jsonl`) : undefined;
    if (existing.has(name)) {
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      const have = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
      const missing = spec.indexes.filter((i) => !have.has(i.indexName)).map((i) => i.indexName);
      if (missing.length === 0) {
        if (copy && existsSync(copy)) await restoreCopy(client, name, copy);
        continue;
      }
      if (!copy) throw new Error(`table ${name} lacks the index(es) ${missing.join(', ')}: delete the data folder`);
      if (!existsSync(copy)) await writeCopy(client, name, copy);
      await client.send(new DeleteTableCommand({ TableName: name }));
      await createTable(client, spec, name);
      const items = await restoreCopy(client, name, copy);
      process.stderr.write(
        `dynamodb: table ${name} rebuilt with the new index(es) ${missing.join(', ')} (${items} items)\n`,
      );
      changed.push(name);
      continue;
    }
    await createTable(client, spec, name);
    // A rebuild killed after the drop: the table is gone, its copy is not.
    if (copy && existsSync(copy)) await restoreCopy(client, name, copy);
    changed.push(name);
  }
  client.destroy();
  return changed;
}

async function createTable(client: DynamoDBClient, spec: TableSpec, name: string): Promise<void> {
  await client.send(new CreateTableCommand(createTableInput(spec, name)));
  for (;;) {
    const out = await client.send(new DescribeTableCommand({ TableName: name }));
    if (out.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every item of the table, one JSON line each, written to a temporary file and then renamed into place. */
async function writeCopy(client: DynamoDBClient, name: string, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const lines: string[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: name, ExclusiveStartKey: startKey }));
    for (const item of out.Items ?? []) lines.push(JSON.stringify(item));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  writeFileSync(`${file}.tmp`, lines.map((l) => `${l}\n`).join(''));
  renameSync(`${file}.tmp`, file);
}

/** Puts every item of a copy back (a put overwrites, so a restore that was itself killed can run again). */
async function restoreCopy(client: DynamoDBClient, name: string, file: string): Promise<number> {
  const items = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, AttributeValue>);
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
      requests = (out.UnprocessedItems?.[name] ?? []) as typeof requests;
    }
  }
  rmSync(file);
  return items.length;
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
