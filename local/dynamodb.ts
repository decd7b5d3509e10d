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
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { localAccessKeyId } from '../functions/store/client.ts';
import { allTables, type IndexSpec, type TableSpec } from '../functions/store/tables.ts';
import { type ExpressionParser, rememberParses } from './expression-parses.ts';
import { closeDynaliteIterators } from './level-iterators.ts';
import type { WriteTap } from './streams.ts';
import { itemReader, LocalTransactions, type DynaliteStore as TransactionStore } from './transactions.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
// dynalite's own store layout and index rules, so that the repair below computes index entries exactly as it does.
const requireFromDynalite = createRequire(require.resolve('dynalite'));
const dynaliteDb = requireFromDynalite('./db') as DynaliteDb;
const dynaliteAsync = requireFromDynalite('async') as {
  parallel(tasks: ((cb: (error?: unknown) => void) => void)[], cb: (error?: unknown) => void): void;
};
const { Level } = requireFromDynalite('level') as { Level: new (path: string, options: object) => LevelStore };
// Every expression dynalite parses is parsed once per key (local/expression-parses.ts): its validation calls the
// parsers through these module objects.
for (const parser of ['conditionParser', 'updateParser', 'projectionParser']) {
  rememberParses(requireFromDynalite(`./db/${parser}`) as ExpressionParser);
}

/** The parts of dynalite's `db` module (dynalite 4.0.0, db/index.js) that its actions call through its exports. */
interface DynaliteDb {
  create(options: Record<string, unknown>): TransactionStore;
  createKey(item: DynaliteItem, table: DynaliteTable, keySchema?: readonly KeyElement[]): string;
  createIndexKey(item: DynaliteItem, table: DynaliteTable, keySchema: readonly KeyElement[]): string;
  getIndexActions(
    indexes: readonly DynaliteIndex[],
    existingItem: DynaliteItem | null | undefined,
    item: DynaliteItem | null | undefined,
    table: DynaliteTable,
  ): IndexActions;
  updateIndexes(
    store: DynaliteStore,
    table: DynaliteTable,
    existingItem: DynaliteItem | null | undefined,
    item: DynaliteItem | null | undefined,
    cb: (error?: unknown) => void,
  ): void;
}
type DynaliteItem = Record<string, unknown>;
interface KeyElement {
  readonly AttributeName: string;
}
interface DynaliteIndex {
  readonly IndexName: string;
  readonly KeySchema: readonly KeyElement[];
  readonly Projection: { readonly ProjectionType?: string; readonly NonKeyAttributes?: readonly string[] };
}
interface DynaliteTable {
  readonly TableName: string;
  readonly KeySchema: readonly KeyElement[];
  readonly LocalSecondaryIndexes?: readonly DynaliteIndex[];
  readonly GlobalSecondaryIndexes?: readonly DynaliteIndex[];
}
interface IndexActions {
  puts: { index: string; key: string; item: DynaliteItem }[];
  deletes: { index: string; key: string }[];
}
interface DynaliteStore {
  getIndexDb(
    indexType: 'Local' | 'Global',
    tableName: string,
    indexName: string,
  ): {
    put(key: string, value: unknown, cb: (error?: unknown) => void): void;
    del(key: string, cb: (error?: unknown) => void): void;
  };
}

/*
 * dynalite keys a secondary-index entry by the item's index key followed by only the first 6 hex digits of an MD5 of
 * its TABLE key (db/index.js createIndexKey: `createKey(item, table, indexKeySchema) + hashPrefix(tableKey)`), so
 * two items with the same index key (hash and range) whose table keys share those 24 bits get ONE LevelDB entry: the
 * later write silently replaces the other item's entry, and removing either item from the index removes both. In
 * real DynamoDB every item keeps its own place in a GSI whatever its index key. The benchmark's 10,000 cases fall
 * on 18 deadline instants, 333 to 1,334 sharing each `openClocks` key (`OPEN`, deadlineAt); the chance that two of
 * them share the 24 bits is 1 − e^(−Σ C(n,2)/2^24) ≈ 20% per run — issue 10's "9,999 open clocks of 10,000" with
 * every case itself intact: a case hidden from the reconciler's work list and from the worklists alike. (dynalite
 * appended the digest to order items with an equal index key, fixing paging over them: architect/dynalite#43.)
 *
 * The fix: the entry's key ends with the item's WHOLE table key, as dynalite encodes it for the item itself
 * (`createKey(item, table)`: digest/hex(hash)/hex(range)/), so distinct items never share an entry. The key still
 * begins with the index key, so ranges, order by index sort key and ExclusiveStartKey (rebuilt from the last item's
 * attributes through the same function) are as before; items with an equal index key come back in table-key order.
 * dynalite's actions call createIndexKey, getIndexActions and updateIndexes through the module's exports, but its
 * own updateIndexes and getIndexActions call the broken function directly, so all three are replaced (the other
 * two copied from dynalite 4.0.0 with only that call changed). Data folders written before have their index entries
 * rewritten in the new layout by `repairIndexes` at the next start (test/local/index-keys.test.ts).
 */
function createIndexKey(item: DynaliteItem, table: DynaliteTable, keySchema: readonly KeyElement[]): string {
  return dynaliteDb.createKey(item, table, keySchema) + dynaliteDb.createKey(item, table);
}

function getIndexActions(
  indexes: readonly DynaliteIndex[],
  existingItem: DynaliteItem | null | undefined,
  item: DynaliteItem | null | undefined,
  table: DynaliteTable,
): IndexActions {
  const actions: IndexActions = { puts: [], deletes: [] };
  const tableKeys = table.KeySchema.map((k) => k.AttributeName);
  for (const index of indexes) {
    const indexKeys = index.KeySchema.map((k) => k.AttributeName);
    let key: string | null = null;
    if (item && indexKeys.every((k) => item[k] != null)) {
      let pieces = item;
      if (index.Projection.ProjectionType !== 'ALL') {
        pieces = Object.create(null) as DynaliteItem;
        for (const attr of [...indexKeys, ...tableKeys, ...(index.Projection.NonKeyAttributes ?? [])]) {
          pieces[attr] = item[attr];
        }
      }
      key = createIndexKey(pieces, table, index.KeySchema);
      actions.puts.push({ index: index.IndexName, key, item: pieces });
    }
    if (existingItem && indexKeys.every((k) => existingItem[k] != null)) {
      const existingKey = createIndexKey(existingItem, table, index.KeySchema);
      if (existingKey !== key) actions.deletes.push({ index: index.IndexName, key: existingKey });
    }
  }
  return actions;
}

function updateIndexes(
  store: DynaliteStore,
  table: DynaliteTable,
  existingItem: DynaliteItem | null | undefined,
  item: DynaliteItem | null | undefined,
  cb: (error?: unknown) => void,
): void {
  if (!existingItem && !item) {
    cb();
    return;
  }
  const puts: ((cb: (error?: unknown) => void) => void)[] = [];
  const deletes: ((cb: (error?: unknown) => void) => void)[] = [];
  for (const indexType of ['Local', 'Global'] as const) {
    const actions = getIndexActions(table[`${indexType}SecondaryIndexes`] ?? [], existingItem, item, table);
    for (const put of actions.puts) {
      const indexDb = store.getIndexDb(indexType, table.TableName, put.index);
      puts.push((done) => indexDb.put(put.key, put.item, done));
    }
    for (const del of actions.deletes) {
      const indexDb = store.getIndexDb(indexType, table.TableName, del.index);
      deletes.push((done) => indexDb.del(del.key, done));
    }
  }
  // As dynalite: the old entries go first, then the new ones are written.
  dynaliteAsync.parallel(deletes, (error) => {
    if (error) cb(error);
    else dynaliteAsync.parallel(puts, cb);
  });
}

dynaliteDb.createIndexKey = createIndexKey;
// The store of the dynalite just started (dynalite keeps it to itself): TransactWriteItems and TransactGetItems,
// which it lacks, are served on it by local/transactions.ts.
let createdStore: TransactionStore | undefined;
const createStore = dynaliteDb.create;
dynaliteDb.create = (options) => {
  createdStore = createStore(options);
  return createdStore;
};
dynaliteDb.getIndexActions = getIndexActions;
dynaliteDb.updateIndexes = updateIndexes;

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

/**
 * A low-level client of a local endpoint (dynalite or DynamoDB Local), with the access key id the store's own client
 * uses (`DYNAMODB_ACCESS_KEY_ID`): DynamoDB Local keeps one database per access key id and region.
 */
export function localDynamoClient(endpoint: string, accessKeyId = localAccessKeyId()): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local' },
  });
}

export interface LocalDynamo {
  readonly url: string;
  /** dynalite's server; none when the store uses an external endpoint (DynamoDB Local: test/support/dynamo.ts). */
  readonly server?: Server;
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
  streams?: WriteTap,
  /**
   * How long a table stays CREATING / DELETING (dynalite's timers; 0 here, as fast as dynalite goes). Tests set them to
   * show that nothing assumes a table is there, or gone, the moment CreateTable or DeleteTable answers — DynamoDB
   * does not promise it, and a loaded machine showed dynalite does not either.
   */
  tableStateMs: { readonly create?: number; readonly delete?: number } = {},
  /** Also counts the requests being served here (a store in a worker thread: local/dynamodb-thread.ts). */
  activity?: Int32Array,
): Promise<LocalDynamo & { readonly server: Server }> {
  mkdirSync(dir, { recursive: true });
  closeDynaliteIterators();
  const repaired = await repairIndexes(dir);
  if (repaired) {
    process.stderr.write(
      `dynamodb: ${repaired} index entries repaired (left by an interrupted write, or in dynalite's old key layout)\n`,
    );
  }
  createdStore = undefined;
  const server = dynalite({
    path: dir,
    createTableMs: tableStateMs.create ?? 0,
    deleteTableMs: tableStateMs.delete ?? 0,
    updateTableMs: 0,
  });
  if (!createdStore) throw new Error('dynalite did not create its store through db.create');
  readSynchronously((createdStore as unknown as { db: LevelReads }).db);
  rememberTableDescriptions(createdStore as unknown as { tableDb: TableDb });
  const transactions = new LocalTransactions(createdStore, streams);
  streams?.readFrom(itemReader(createdStore));
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
    if (activity) Atomics.add(activity, 0, 1);
    res.on('close', () => {
      active--;
      if (activity) Atomics.sub(activity, 0, 1);
    });
    res.setHeader('Date', new Date(Date.now()).toUTCString());
    if (req.method === 'POST' && LocalTransactions.serves(req)) transactions.serve(req, res);
    else serve(req, res);
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

type LevelCallback = (error?: unknown, value?: unknown) => void;

/** The main LevelDB of dynalite's store, as wrapped by dynalite (callback `get`) and as classic-level has it. */
interface LevelReads {
  readonly status: string;
  get(key: string, cb?: LevelCallback): unknown;
  getSync(key: string): unknown;
}

/**
 * dynalite reads every item, and every item before each write, through LevelDB's asynchronous `get`: a job queued on
 * libuv's thread pool, a promise, then `setImmediate` to its callback: about 53 µs of CPU a read, against 4 µs read
 * synchronously (1,000 items of 1.5 KB, 20,000 reads each way), and the largest single entry in a CPU profile of the
 * store's thread under the API's load. classic-level reads synchronously as well (`getSync`: LevelDB's memtable and
 * block cache, the same data the asynchronous read sees): an open store is read that way, the answer still given to
 * the callback later (a microtask: a caller may rely on its callback not running before it returns). Before the store
 * is open, or once it closes, or if the synchronous read fails (a value that does not decode), dynalite's path answers.
 */
function readSynchronously(db: LevelReads): void {
  const get = db.get;
  db.get = (key: string, cb?: LevelCallback) => {
    if (typeof cb === 'function' && db.status === 'open') {
      let value: unknown;
      try {
        value = db.getSync(key);
      } catch {
        return get.call(db, key, cb);
      }
      queueMicrotask(() => cb(null, value));
      return;
    }
    return get.call(db, key, cb);
  };
}
interface TableDb {
  get(key: string, cb: LevelCallback): void;
  put(key: string, value: unknown, cb: LevelCallback): void;
  del(key: string, cb: LevelCallback): void;
  batch(operations: unknown[], cb: LevelCallback): void;
}

/**
 * dynalite reads a table's description from LevelDB and decodes it on every request (db.getTable): half of what it
 * spends on a request, and a tenth of a test runtime's CPU while the simulated clock runs the hourly reconciler. The
 * descriptions change only by CreateTable, UpdateTable and DeleteTable, each a put or del on this same sub-database:
 * so a description read is kept (as the JSON it is stored as, parsed afresh for each caller, which may change it) until
 * the next write to the table database. A write is asynchronous: a read while one is in flight may see the old value
 * or the new, so such a read is never kept (a CREATING table kept after its ACTIVE put was issued would stay CREATING).
 */
function rememberTableDescriptions(store: { tableDb: TableDb }): void {
  const tableDb = store.tableDb;
  const kept = new Map<string, string>();
  /** Writes started or finished (each counts twice): a read is kept only if this did not move while it ran. */
  let changes = 0;
  let inFlight = 0;
  const changed = () => {
    changes++;
    kept.clear();
  };
  const { get, put, del, batch } = tableDb;
  const forget =
    (write: (...args: never[]) => void) =>
    (...args: unknown[]): unknown => {
      const cb = args.at(-1);
      changed();
      // dynalite always passes a callback; a promise-style call is let through, and nothing is kept meanwhile.
      if (typeof cb !== 'function') {
        inFlight++;
        return Promise.resolve((write as (...args: unknown[]) => unknown).apply(tableDb, args)).finally(() => {
          inFlight--;
          changed();
        });
      }
      inFlight++;
      (write as (...args: unknown[]) => void).apply(tableDb, [
        ...args.slice(0, -1),
        (error?: unknown, value?: unknown) => {
          inFlight--;
          changed();
          (cb as LevelCallback)(error, value);
        },
      ]);
    };
  tableDb.put = forget(put);
  tableDb.del = forget(del);
  tableDb.batch = forget(batch);
  tableDb.get = (key, cb) => {
    if (typeof cb !== 'function') return get.call(tableDb, key, cb);
    const json = kept.get(key);
    if (json !== undefined) {
      // Answered later, as LevelDB does: a caller may rely on its callback not running before it returns.
      queueMicrotask(() => cb(null, JSON.parse(json)));
      return;
    }
    const readAt = inFlight === 0 ? changes : -1;
    get.call(tableDb, key, (error, value) => {
      if (!error && value !== undefined && readAt === changes && inFlight === 0) kept.set(key, JSON.stringify(value));
      cb(error, value);
    });
  };
}

/**
 * Rebuilds every secondary index from the items, before dynalite opens the store. dynalite keeps an index entry
 * apart from its item and writes the index FIRST, then the item (dynalite/db updateIndexes, then itemDb.put), in
 * separate LevelDB writes. A process killed between the two leaves an index entry for an item that was never
 * written, or an index missing or still showing an item's old state — for good: nothing ever rewrites it. The crash
 * test found ghost cases on the open-clocks index after a kill during intake (cases whose PutItem never completed),
 * which the reconciler then tried to repair every hour and failed on. Items are the truth; a crash is always
 * followed by a start, so repairing here keeps every index consistent whenever requests are served. It also moves a
 * data folder written before the index-key fix above to the new key layout (and gives back what collisions hid).
 * @returns how many index entries were removed or rewritten.
 */
export async function repairIndexes(dir: string): Promise<number> {
  const level = new Level(dir, { valueEncoding: 'json' });
  await level.open();
  try {
    const operations: Parameters<LevelStore['batch']>[0] = [];
    for await (const value of level.values(prefixRange('table~'))) {
      // A table as dynalite stores its description.
      const table = value as DynaliteTable;
      const items: DynaliteItem[] = [];
      for await (const item of level.values(prefixRange(`item-${table.TableName}~`))) items.push(item as DynaliteItem);
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
export async function ensureTables(
  endpoint: string,
  migrationDir?: string,
  /**
   * Real DynamoDB Streams on the tables that declare `stream` (an external endpoint: DynamoDB Local, read by
   * local/endpoint-streams.ts). dynalite's tables get none: local/streams.ts taps their writes instead.
   */
  options: { readonly streams?: boolean } = {},
): Promise<string[]> {
  const client = localDynamoClient(endpoint);
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
      const describedIndexes = described.Table?.GlobalSecondaryIndexes ?? [];
      const have = new Set(describedIndexes.map((i) => i.IndexName));
      const missing = spec.indexes.filter((i) => !have.has(i.indexName)).map((i) => i.indexName);
      // An index the spec no longer has (moved to another table) would be kept up to date for nothing: rebuild too.
      const dropped = [...have].filter((n) => n && !spec.indexes.some((i) => i.indexName === n));
      // An index whose projection changed would go on answering with the attributes it copied before: rebuild too.
      const reprojected = spec.indexes
        .filter((i) => {
          const old = describedIndexes.find((d) => d.IndexName === i.indexName)?.Projection;
          if (!old) return false;
          const want = projectionOf(i);
          return (
            (old.ProjectionType ?? 'ALL') !== want.ProjectionType ||
            [...(old.NonKeyAttributes ?? [])].sort().join() !== [...(want.NonKeyAttributes ?? [])].sort().join()
          );
        })
        .map((i) => i.indexName);
      if (missing.length === 0 && dropped.length === 0 && reprojected.length === 0) {
        if (copy && existsSync(copy)) await restoreCopy(client, name, copy);
        // A table an external endpoint kept from before it was streamed (DynamoDB Local with -dbPath): stream it now.
        if (options.streams && spec.stream && !described.Table?.StreamSpecification?.StreamEnabled) {
          await client.send(
            new UpdateTableCommand({
              TableName: name,
              StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream },
            }),
          );
          await tableActive(client, name);
        }
        continue;
      }
      const change = [
        ...(missing.length ? [`the new index(es) ${missing.join(', ')}`] : []),
        ...(dropped.length ? [`without ${dropped.join(', ')}`] : []),
        ...(reprojected.length ? [`the new projection of ${reprojected.join(', ')}`] : []),
      ].join(', ');
      if (!copy) throw new Error(`table ${name} must be rebuilt with ${change}: delete the data folder`);
      if (!existsSync(copy)) await writeCopy(client, name, copy);
      await client.send(new DeleteTableCommand({ TableName: name }));
      // DeleteTable answers while the table is DELETING; a CreateTable of the name before it is gone is refused
      // (ResourceInUseException — seen when the test suite loaded the machine).
      await tableGone(client, name);
      await createTable(client, spec, name, options.streams);
      const items = await restoreCopy(client, name, copy);
      process.stderr.write(`dynamodb: table ${name} rebuilt with ${change} (${items} items)\n`);
      changed.push(name);
      continue;
    }
    await createTable(client, spec, name, options.streams);
    // A rebuild killed after the drop: the table is gone, its copy is not.
    if (copy && existsSync(copy)) await restoreCopy(client, name, copy);
    changed.push(name);
  }
  client.destroy();
  return changed;
}

/** Creates a table of functions/store/tables.ts under `name` (with its stream only when asked) and waits until it is ACTIVE. */
export async function createTable(
  client: DynamoDBClient,
  spec: TableSpec,
  name: string,
  streams = false,
): Promise<void> {
  const input = createTableInput(spec, name);
  await client.send(
    new CreateTableCommand(
      streams && spec.stream
        ? { ...input, StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } }
        : input,
    ),
  );
  await tableActive(client, name);
}

async function tableActive(client: DynamoDBClient, name: string): Promise<void> {
  for (;;) {
    const out = await client.send(new DescribeTableCommand({ TableName: name }));
    if (out.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function tableGone(client: DynamoDBClient, name: string): Promise<void> {
  for (;;) {
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return;
      throw error;
    }
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

/** An index's projection as CreateTable takes it (and DescribeTable gives it back). */
function projectionOf(index: IndexSpec): { ProjectionType: 'ALL' | 'INCLUDE'; NonKeyAttributes?: string[] } {
  return index.projection
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] }
    : { ProjectionType: 'ALL' };
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
            Projection: projectionOf(index),
          })),
        }
      : {}),
  };
}
