// TransactWriteItems and TransactGetItems for the local DynamoDB. dynalite 4.0.0 has neither (its actions/ folder
// stops at UpdateItem); the functions call them through the AWS SDK exactly as against AWS, so local/dynamodb.ts
// serves these two operations here, on dynalite's own store, and everything else through dynalite.
//
// How a TransactWriteItems runs:
// 1. Each action is validated and its expressions parsed by dynalite's own validations of PutItem / UpdateItem /
//    DeleteItem (ConditionCheck: DeleteItem's), so a malformed expression is the same ValidationException a single
//    write gets; then the transaction's own rules (1..100 actions, one kind per action, one action per item).
// 2. It takes the lock of every item it names — the stream lock (local/streams.ts) for items of streamed tables,
//    then dynalite's own per-item lock (`itemDb.lock`, which every dynalite PutItem/UpdateItem/DeleteItem of every
//    table holds from its read to its write) — in one sorted order, so two transactions cannot deadlock, and no
//    single write can land between the transaction's checks and its writes.
// 3. Under the locks it reads every item and runs each action through dynalite's own action (putItem, updateItem,
//    deleteItem: its condition evaluator, its update-expression engine, its index maintenance with the index-key
//    fix of local/dynamodb.ts) against a view of the store that reads the item just read and RECORDS the LevelDB
//    writes instead of making them. A ConditionCheck is dynalite's checkConditional on the item.
// 4. If every action passed, all recorded writes (items and index entries) go to LevelDB as ONE batch — atomic even
//    against a kill, which a single dynalite write is not — and each item changed on a streamed table gets its one
//    stream record, in action order, before the answer is sent. Otherwise nothing is written and the answer is
//    AWS's TransactionCanceledException with one reason per action, in action order.
//
// Where it differs from AWS, on purpose (the README's local-runtime section says the same):
// - Conflicts wait instead of failing: AWS refuses a write to an item a transaction is settling
//   (TransactionConflictException) or cancels a transaction that meets another (reason TransactionConflict); here
//   the later one waits for the earlier one's locks. Code must still treat those errors as retryable in AWS.
// - BatchWriteItem takes no item locks in dynalite, so it is not isolated from a transaction (nothing uses it on a
//   request path). Reads (GetItem, Query, Scan) see each item before or after a transaction, never half of one item,
//   but may see one item after and another before — as AWS's non-transactional reads may.
// - ClientRequestToken: a transaction that succeeded is remembered (a digest of its request) for 10 minutes of the
//   process clock (the simulated one, under `npm start`): the same token and request again answers success without
//   writing again, the same token with another request is IdempotentParameterMismatchException, and the same token
//   while the first is still running is TransactionInProgressException. Tokens live in memory only.
// - No ConsumedCapacity, ItemCollectionMetrics, or 4 MB aggregate-size limit; items over 400 KB are refused by
//   dynalite's own checks.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { WriteTap } from './streams.ts';

type Item = Record<string, AttributeValue>;
type Callback<T = unknown> = (error?: DynaliteError | null, value?: T) => void;

/** An error as dynalite builds it: the HTTP status and JSON body to answer with. */
interface DynaliteError extends Error {
  statusCode?: number;
  body?: { __type: string; message?: string; Message?: string };
}

interface DynaliteTable {
  readonly TableName: string;
  readonly KeySchema: readonly { readonly AttributeName: string }[];
}

interface ItemDb {
  get(key: string, cb: Callback<Item>): void;
  lock(key: string, exec: (release: (done?: () => void) => () => void) => void): void;
}

type LevelOperation = { type: 'put'; key: string; value: unknown } | { type: 'del'; key: string };

/** The parts of dynalite's store (db/index.js `create`) used here. */
export interface DynaliteStore {
  readonly options: Record<string, unknown>;
  readonly db: { batch(operations: LevelOperation[], cb: (error?: unknown) => void): void };
  getTable(name: string, cb: Callback<DynaliteTable>): void;
  getItemDb(name: string): ItemDb;
}

interface ActionRules {
  readonly types: Record<string, unknown>;
  readonly custom?: (data: Record<string, unknown>, store: DynaliteStore) => string | undefined;
}
type DynaliteAction = (store: unknown, data: Record<string, unknown>, cb: Callback<{ Item?: Item }>) => void;

const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const dynaliteDb = requireFromDynalite('./db') as {
  createKey(item: Item, table: DynaliteTable): string;
  validateKey(key: unknown, table: DynaliteTable): DynaliteError | null | undefined;
  validateItem(item: unknown, table: DynaliteTable): DynaliteError | null | undefined;
  validateUpdates(attributeUpdates: unknown, updates: unknown, table: DynaliteTable): DynaliteError | null | undefined;
  checkConditional(data: Record<string, unknown>, item: Item | undefined): DynaliteError | null | undefined;
  validationError(message: string): DynaliteError;
};
const validations = requireFromDynalite('./validations') as {
  checkTypes(data: Record<string, unknown>, types: Record<string, unknown>): Record<string, unknown>;
  checkValidations(
    data: Record<string, unknown>,
    types: Record<string, unknown>,
    custom: ActionRules['custom'],
    store: DynaliteStore,
  ): void;
};
const crc32 = requireFromDynalite('buffer-crc32') as { unsigned(body: string): number };
const rulesOf = (name: string) => requireFromDynalite(`./validations/${name}`) as ActionRules;
const actionOf = (name: string) => requireFromDynalite(`./actions/${name}`) as DynaliteAction;

const WRITE_KINDS = {
  Put: { rules: rulesOf('putItem'), action: actionOf('putItem'), fields: ['Item'] },
  Update: { rules: rulesOf('updateItem'), action: actionOf('updateItem'), fields: ['Key', 'UpdateExpression'] },
  Delete: { rules: rulesOf('deleteItem'), action: actionOf('deleteItem'), fields: ['Key'] },
  ConditionCheck: { rules: rulesOf('deleteItem'), action: undefined, fields: ['Key'] },
} as const;
type WriteKind = keyof typeof WRITE_KINDS;
const GET = { rules: rulesOf('getItem'), action: actionOf('getItem') };
const COMMON_FIELDS = ['TableName', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'];

const MAX_ACTIONS = 100;
const TOKEN_MS = 10 * 60 * 1000;
const TYPE_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** One action of a transaction, validated, with its table and its item's dynalite key. */
interface Planned {
  readonly kind: WriteKind | 'Get';
  readonly index: number;
  readonly data: Record<string, unknown>;
  readonly table: DynaliteTable;
  /** dynalite's key of the item (db.createKey), unique within its table. */
  readonly key: string;
  /** The item's key attributes (for the stream record). */
  readonly keys: Item;
  readonly returnOld: boolean;
}

interface Reason {
  Code: 'None' | 'ConditionalCheckFailed' | 'ValidationError';
  Message?: string;
  Item?: Item;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export class LocalTransactions {
  /** ClientRequestToken → digest of the request, and when it succeeded (undefined while it runs). */
  private readonly tokens = new Map<string, { digest: string; at: number | undefined }>();

  constructor(
    private readonly store: DynaliteStore,
    private readonly streams: WriteTap | undefined,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  /** Whether the request's `X-Amz-Target` is an operation served here. */
  static serves(req: IncomingMessage): boolean {
    const target = String(req.headers['x-amz-target'] ?? '');
    return target.endsWith('.TransactWriteItems') || target.endsWith('.TransactGetItems');
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const write = String(req.headers['x-amz-target']).endsWith('.TransactWriteItems');
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        if (typeof data !== 'object' || data === null) throw new Error('not an object');
      } catch {
        send(res, { status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } });
        return;
      }
      (write ? this.transactWrite(data) : this.transactGet(data)).then(
        (answer) => send(res, answer),
        (error: DynaliteError) => {
          if (error.statusCode && error.body) {
            send(res, { status: error.statusCode, body: error.body });
            return;
          }
          this.log(`dynamodb: ERROR serving a transaction: ${error.stack}`);
          send(res, { status: 500, body: { __type: `${TYPE_PREFIX}InternalServerError`, message: error.message } });
        },
      );
    });
  }

  private async transactWrite(data: Record<string, unknown>): Promise<Answer> {
    const elements = checkList(data.TransactItems);
    const token = data.ClientRequestToken;
    if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 36)) {
      throw validationError(
        `1 validation error detected: Value '${String(token)}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36`,
      );
    }
    const planned: Planned[] = [];
    for (const [index, element] of elements.entries()) planned.push(await this.planWrite(element, index));
    checkDistinct(planned);

    let digest = '';
    if (typeof token === 'string') {
      digest = createHash('sha256').update(JSON.stringify(elements)).digest('hex');
      const now = Date.now();
      // Kept in the order they succeeded: the expired ones are at the front.
      for (const [t, seen] of this.tokens) {
        if (seen.at === undefined) continue;
        if (now - seen.at <= TOKEN_MS) break;
        this.tokens.delete(t);
      }
      const seen = this.tokens.get(token);
      if (seen && seen.digest !== digest) {
        throw dynaliteError(
          'IdempotentParameterMismatchException',
          'The request uses the same client token as a previous, but non-identical request',
        );
      }
      if (seen && seen.at === undefined) {
        throw dynaliteError(
          'TransactionInProgressException',
          'The transaction with the given request token is in progress',
        );
      }
      // The same request again, after it succeeded: success, nothing written again (as AWS, within 10 minutes).
      if (seen) return { status: 200, body: {} };
      this.tokens.set(token, { digest, at: undefined });
    }
    let succeeded = false;
    try {
      const answer = await this.locked(planned, true, async (befores) => {
        const reasons: Reason[] = [];
        const operations: LevelOperation[] = [];
        const afters: (Item | undefined)[] = [];
        for (const [i, action] of planned.entries()) {
          const before = befores[i];
          const outcome = await dryRun(this.store, action, before);
          if ('reason' in outcome) {
            reasons.push(outcome.reason);
          } else {
            reasons.push({ Code: 'None' });
            operations.push(...outcome.operations);
          }
          afters.push('reason' in outcome ? before : outcome.after);
        }
        if (reasons.some((r) => r.Code !== 'None')) {
          return {
            status: 400,
            body: {
              __type: `${TYPE_PREFIX}TransactionCanceledException`,
              Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
              CancellationReasons: reasons,
            },
          };
        }
        if (operations.length > 0) {
          await new Promise<void>((resolve, reject) =>
            this.store.db.batch(operations, (error) => (error ? reject(error) : resolve())),
          );
        }
        // One record per changed item of a streamed table, in action order, in the readers' queues before the answer
        // (the clock waits for the answer, then for the readers).
        for (const [i, action] of planned.entries()) {
          if (action.kind !== 'ConditionCheck' && this.streams?.keyNamesOf(action.table.TableName)) {
            await this.streams.record(action.table.TableName, action.keys, befores[i], afters[i]);
          }
        }
        succeeded = true;
        return { status: 200, body: {} };
      });
      return answer;
    } finally {
      if (typeof token === 'string') {
        this.tokens.delete(token);
        if (succeeded) this.tokens.set(token, { digest, at: Date.now() });
      }
    }
  }

  private async transactGet(data: Record<string, unknown>): Promise<Answer> {
    const elements = checkList(data.TransactItems);
    const planned: Planned[] = [];
    for (const [index, element] of elements.entries()) {
      const get = (element as Record<string, unknown> | null)?.Get;
      if (element === null || typeof element !== 'object' || Object.keys(element).length !== 1 || get == null) {
        throw validationError('TransactItems can only contain one Get action');
      }
      const input = pick(get as Record<string, unknown>, [
        'TableName',
        'Key',
        'ProjectionExpression',
        'ExpressionAttributeNames',
      ]);
      const checked = validate(input, GET.rules, this.store);
      const table = await this.table(checked);
      const invalid = dynaliteDb.validateKey(checked.Key, table);
      if (invalid) throw invalid;
      planned.push(plan('Get', index, checked, table, checked.Key as Item, false));
    }
    checkDistinct(planned);
    // Under the items' locks: no transaction is half-written on any of them while they are read.
    return this.locked(planned, false, async () => {
      const responses: { Item?: Item }[] = [];
      for (const action of planned) {
        const out = await new Promise<{ Item?: Item }>((resolve, reject) =>
          GET.action(this.store, action.data, (error, value) => (error ? reject(error) : resolve(value ?? {}))),
        );
        responses.push(out.Item ? { Item: out.Item } : {});
      }
      return { status: 200, body: { Responses: responses } };
    });
  }

  /** Validates one TransactItems element as dynalite validates the single write it stands for. */
  private async planWrite(element: unknown, index: number): Promise<Planned> {
    const kinds =
      element !== null && typeof element === 'object'
        ? (Object.keys(WRITE_KINDS) as WriteKind[]).filter((k) => (element as Record<string, unknown>)[k] != null)
        : [];
    const kind = kinds[0];
    if (kinds.length !== 1 || kind === undefined) {
      throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
    }
    const spec = WRITE_KINDS[kind];
    const input = (element as Record<string, Record<string, unknown>>)[kind] as Record<string, unknown>;
    const member = `transactItems.${index + 1}.member.${kind === 'ConditionCheck' ? 'conditionCheck' : kind.toLowerCase()}`;
    const returnValues = input.ReturnValuesOnConditionCheckFailure;
    if (returnValues != null && returnValues !== 'ALL_OLD' && returnValues !== 'NONE') {
      throw validationError(
        `1 validation error detected: Value '${String(returnValues)}' at '${member}.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
      );
    }
    const required = kind === 'Update' ? 'UpdateExpression' : kind === 'ConditionCheck' ? 'ConditionExpression' : '';
    if (required && input[required] == null) {
      throw validationError(
        `1 validation error detected: Value null at '${member}.${required[0]?.toLowerCase()}${required.slice(1)}' failed to satisfy constraint: Member must not be null`,
      );
    }
    const checked = validate(pick(input, [...COMMON_FIELDS, ...spec.fields]), spec.rules, this.store);
    const table = await this.table(checked);
    const invalid =
      kind === 'Put'
        ? dynaliteDb.validateItem(checked.Item, table)
        : (dynaliteDb.validateKey(checked.Key, table) ??
          (kind === 'Update' ? dynaliteDb.validateUpdates(undefined, checked._updates, table) : null));
    if (invalid) throw invalid;
    return plan(kind, index, checked, table, (checked.Item ?? checked.Key) as Item, returnValues === 'ALL_OLD');
  }

  private table(data: Record<string, unknown>): Promise<DynaliteTable> {
    return new Promise((resolve, reject) =>
      this.store.getTable(String(data.TableName), (error, table) => (error || !table ? reject(error) : resolve(table))),
    );
  }

  /**
   * Runs `body` holding every planned item's locks, with each item as read under them (in action order). Locks are
   * taken in one order (table, then dynalite's key): the stream locks of items of streamed tables first (when
   * `streamLocks`), then dynalite's item locks, all requested at once — dynalite's lock queues in request order, so
   * whoever asked first for a shared item is served first on it, and no two lockers can wait on each other.
   */
  private async locked<T>(
    planned: readonly Planned[],
    streamLocks: boolean,
    body: (befores: (Item | undefined)[]) => Promise<T>,
  ): Promise<T> {
    const sorted = [...planned].sort((a, b) =>
      a.table.TableName === b.table.TableName ? compare(a.key, b.key) : compare(a.table.TableName, b.table.TableName),
    );
    const releases: (() => void)[] = [];
    try {
      if (streamLocks && this.streams) {
        for (const action of sorted) {
          if (this.streams.keyNamesOf(action.table.TableName)) {
            releases.push(await this.streams.lock(action.table.TableName, action.keys));
          }
        }
      }
      await new Promise<void>((resolve) => {
        let waiting = sorted.length;
        if (waiting === 0) resolve();
        for (const action of sorted) {
          this.store.getItemDb(action.table.TableName).lock(action.key, (release) => {
            releases.push(release());
            if (--waiting === 0) resolve();
          });
        }
      });
      const befores: (Item | undefined)[] = [];
      for (const action of planned) befores.push(await read(this.store, action.table.TableName, action.key));
      return await body(befores);
    } finally {
      for (const release of releases.reverse()) release();
    }
  }
}

function plan(
  kind: Planned['kind'],
  index: number,
  data: Record<string, unknown>,
  table: DynaliteTable,
  source: Item,
  returnOld: boolean,
): Planned {
  const keys = Object.fromEntries(
    table.KeySchema.map((k) => [k.AttributeName, source[k.AttributeName] as AttributeValue]),
  );
  return { kind, index, data, table, key: dynaliteDb.createKey(source, table), keys, returnOld };
}

function checkList(value: unknown): unknown[] {
  if (value == null) {
    throw validationError(
      "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(value)) throw dynaliteError('SerializationException', 'Expected list for TransactItems', true);
  if (value.length < 1 || value.length > MAX_ACTIONS) {
    throw validationError(
      `1 validation error detected: Value '[${value.length} items]' at 'transactItems' failed to satisfy constraint: Member must have length ${
        value.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ACTIONS}`
      }`,
    );
  }
  return value;
}

function checkDistinct(planned: readonly Planned[]): void {
  const seen = new Set<string>();
  for (const action of planned) {
    const id = `${action.table.TableName}\n${action.key}`;
    if (seen.has(id)) throw validationError('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
}

/** dynalite's type checks and validations of the single operation (they parse the expressions into `_condition`…). */
function validate(input: Record<string, unknown>, rules: ActionRules, store: DynaliteStore): Record<string, unknown> {
  const checked = validations.checkTypes(input, rules.types);
  validations.checkValidations(checked, rules.types, rules.custom, store);
  return checked;
}

function pick(input: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input === null || typeof input !== 'object') return out;
  for (const field of fields) if (input[field] != null) out[field] = input[field];
  return out;
}

/** The stored item under dynalite's key `key` of the table (undefined when there is none). */
function read(store: DynaliteStore, tableName: string, key: string): Promise<Item | undefined> {
  return new Promise((resolve, reject) =>
    store.getItemDb(tableName).get(key, (error, item) => {
      if (error && error.name !== 'NotFoundError') reject(error);
      else resolve(error ? undefined : item);
    }),
  );
}

/**
 * An item read from dynalite's store directly, as a consistent GetItem would return it — without a request through
 * dynalite's listener (its body parse, validations, answer and checksum): the stream tap reads every write's old and
 * new image this way (local/streams.ts). `undefined` for a table or key dynalite would refuse: the write then goes
 * through untapped and gets dynalite's own error.
 */
export type ItemReader = (tableName: string, keys: Item) => Promise<{ item: Item | undefined } | undefined>;

export function itemReader(store: DynaliteStore): ItemReader {
  return (tableName, keys) =>
    new Promise((resolve, reject) => {
      store.getTable(tableName, (error, table) => {
        if (error || !table) {
          if (error && error.name !== 'NotFoundError' && !error.body) reject(error);
          else resolve(undefined);
          return;
        }
        if (dynaliteDb.validateKey(keys, table)) return resolve(undefined);
        read(store, tableName, dynaliteDb.createKey(keys, table)).then((item) => resolve({ item }), reject);
      });
    });
}

type DryRun = { reason: Reason } | { operations: LevelOperation[]; after: Item | undefined };

/**
 * Runs one action through dynalite's own action against a view of the store that serves `before` as the item and
 * records, instead of making, its LevelDB writes (the item's and its index entries, with their full keys).
 */
async function dryRun(store: DynaliteStore, action: Planned, before: Item | undefined): Promise<DryRun> {
  const failed = (error: DynaliteError): DryRun => {
    const type = error.body?.__type ?? '';
    if (type.endsWith('#ConditionalCheckFailedException')) {
      return {
        reason: {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          ...(action.returnOld && before ? { Item: before } : {}),
        },
      };
    }
    if (type.endsWith('#ValidationException')) {
      return { reason: { Code: 'ValidationError', Message: error.body?.message ?? error.message } };
    }
    throw error;
  };
  if (action.kind === 'ConditionCheck' || action.kind === 'Get') {
    const error = dynaliteDb.checkConditional(action.data, before);
    return error ? failed(error) : { operations: [], after: before };
  }
  const operations: LevelOperation[] = [];
  let after: Item | undefined = before;
  const later = (cb: (error?: unknown) => void) => queueMicrotask(() => cb());
  const view = {
    options: store.options,
    getTable: store.getTable,
    getItemDb: (name: string) => ({
      // The real lock is already held.
      lock: (_key: string, exec: (release: (done: unknown) => unknown) => void) => exec((done) => done),
      get: (_key: string, cb: Callback<Item>) => {
        if (before) queueMicrotask(() => cb(null, structuredClone(before)));
        else queueMicrotask(() => cb(Object.assign(new Error('NotFoundError'), { name: 'NotFoundError' })));
      },
      put: (key: string, value: Item, cb: (error?: unknown) => void) => {
        // The stored form (JSON), which is also what the stream's new image must be.
        after = JSON.parse(JSON.stringify(value)) as Item;
        operations.push({ type: 'put', key: `item-${name}~${key}`, value: after });
        later(cb);
      },
      del: (key: string, cb: (error?: unknown) => void) => {
        after = undefined;
        operations.push({ type: 'del', key: `item-${name}~${key}` });
        later(cb);
      },
    }),
    getIndexDb: (indexType: 'Local' | 'Global', tableName: string, indexName: string) => {
      const prefix = `index-${indexType.toLowerCase()}~${tableName}~${indexName}~`;
      return {
        put: (key: string, value: unknown, cb: (error?: unknown) => void) => {
          operations.push({ type: 'put', key: prefix + key, value });
          later(cb);
        },
        del: (key: string, cb: (error?: unknown) => void) => {
          operations.push({ type: 'del', key: prefix + key });
          later(cb);
        },
      };
    },
  };
  const run = WRITE_KINDS[action.kind].action as DynaliteAction;
  const error = await new Promise<DynaliteError | undefined>((resolve) =>
    run(view, { ...action.data }, (e) => resolve(e ?? undefined)),
  );
  return error ? failed(error) : { operations, after };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validationError(message: string): DynaliteError {
  return dynaliteDb.validationError(message);
}

function dynaliteError(type: string, message: string, coral = false): DynaliteError {
  return Object.assign(new Error(message), {
    statusCode: 400,
    body: { __type: coral ? `com.amazon.coral.service#${type}` : `${TYPE_PREFIX}${type}`, message },
  });
}

/** Answers as dynalite does (its sendData): JSON, its checksum header, a request id. */
function send(res: ServerResponse, answer: Answer): void {
  const body = JSON.stringify(answer.body);
  res.statusCode = answer.status;
  res.setHeader('x-amzn-RequestId', createHash('sha1').update(`${Date.now()}${Math.random()}`).digest('hex'));
  res.setHeader('x-amz-crc32', crc32.unsigned(body));
  res.setHeader('Content-Type', 'application/x-amz-json-1.0');
  res.setHeader('Content-Length', Buffer.byteLength(body, 'utf8'));
  res.end(body);
}
