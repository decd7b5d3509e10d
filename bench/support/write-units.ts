// What a DynamoDB write is billed, estimated from the items it touches: dynalite reports capacity units for a single
// PutItem / UpdateItem / DeleteItem, but the local TransactWriteItems (local/transactions.ts) reports none, and no
// local write reports its global secondary index writes. So each write's items are read before and after it (by a
// client of their own, not counted), and priced as DynamoDB on-demand bills them:
//  - table: 1 write unit per started KB of the larger of the item's before and after image; ×2 for every item of a
//    TransactWriteItems (a transactional write costs two units per KB), ConditionCheck included; a refused write is
//    billed too (its before image);
//  - each global secondary index (all of ours project ALL): nothing when the item is in the index neither before nor
//    after or did not change; 1 write of the image's KB when it enters, leaves, or changes while in the index with the
//    same index key; 2 (delete the old entry, put the new) when its index key changes. Index writes are not doubled
//    by a transaction.
import { createRequire } from 'node:module';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { allTables, type TableSpec } from '../../functions/store/tables.ts';
import { localTableName } from '../../local/dynamodb.ts';

type Item = Record<string, AttributeValue>;

const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
/** dynalite's own item size (the one its capacity units come from: attribute names + values, as DynamoDB counts). */
const { itemSize } = requireFromDynalite('./db') as { itemSize(item: Item): number };

/** One item a write touches. */
interface Target {
  readonly table: string;
  readonly key: Record<string, unknown>;
  readonly transactional: boolean;
  before?: Item;
}

export interface WriteEstimate {
  /** Table write units, as DynamoDB on-demand bills them (×2 per transactional item). */
  readonly tableUnits: number;
  /** Write units per global secondary index, keyed `Table/index`. */
  readonly indexUnits: Record<string, number>;
  /** Items written (a TransactWriteItems counts each of its items). */
  readonly items: number;
}

export type WritePlan = readonly Target[];

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

export class WriteUnits {
  private readonly specs = new Map<string, TableSpec>(allTables.map((t) => [localTableName(t), t]));
  private client: DynamoDBClient | undefined;

  /** `endpoint()`: the local DynamoDB, read when first needed (the runtime sets it after this module loads). */
  constructor(private readonly endpoint: () => string | undefined) {}

  static isWrite(operation: string): boolean {
    return WRITE_OPERATIONS.has(operation);
  }

  /** Reads the before image of every item `input` writes. */
  async before(operation: string, input: Record<string, unknown>): Promise<WritePlan> {
    const targets = this.targets(operation, input);
    await Promise.all(
      targets.map(async (t) => {
        t.before = await this.read(t);
      }),
    );
    return targets;
  }

  /** Reads the after images and prices the write (`succeeded` false: refused, billed on its before images). */
  async after(plan: WritePlan, succeeded: boolean): Promise<WriteEstimate> {
    let tableUnits = 0;
    const indexUnits: Record<string, number> = {};
    for (const t of plan) {
      const after = succeeded ? await this.read(t) : t.before;
      const units = (item: Item | undefined) => (item ? Math.max(1, Math.ceil(itemSize(item) / 1024)) : 0);
      tableUnits += Math.max(1, units(t.before), units(after)) * (t.transactional ? 2 : 1);
      if (!succeeded || same(t.before, after)) continue;
      const spec = this.specs.get(t.table);
      for (const index of spec?.indexes ?? []) {
        const keyOf = (item: Item | undefined) => {
          if (!item) return undefined;
          const pk = item[index.partitionKey.name];
          const sk = index.sortKey ? item[index.sortKey.name] : undefined;
          if (!pk || (index.sortKey && !sk)) return undefined;
          return JSON.stringify([pk, sk]);
        };
        const was = keyOf(t.before);
        const is = keyOf(after);
        let n = 0;
        if (was !== undefined && is !== undefined) n = was === is ? units(after) : units(t.before) + units(after);
        else if (was !== undefined) n = units(t.before);
        else if (is !== undefined) n = units(after);
        if (n) {
          const name = `${spec?.name}/${index.indexName}`;
          indexUnits[name] = (indexUnits[name] ?? 0) + n;
        }
      }
    }
    return { tableUnits, indexUnits, items: plan.length };
  }

  private targets(operation: string, input: Record<string, unknown>): Target[] {
    const one = (table: unknown, key: Record<string, unknown> | undefined, transactional: boolean): Target[] =>
      typeof table === 'string' && key ? [{ table, key, transactional }] : [];
    switch (operation) {
      case 'PutItem':
        return one(input.TableName, this.keyOf(String(input.TableName), input.Item), false);
      case 'UpdateItem':
      case 'DeleteItem':
        return one(input.TableName, input.Key as Record<string, unknown>, false);
      case 'TransactWriteItems':
        return ((input.TransactItems ?? []) as Record<string, Record<string, unknown>>[]).flatMap((action) => {
          const [kind, body] = Object.entries(action)[0] ?? [];
          if (!kind || !body) return [];
          const key = kind === 'Put' ? this.keyOf(String(body.TableName), body.Item) : body.Key;
          return one(body.TableName, key as Record<string, unknown>, true);
        });
      case 'BatchWriteItem':
        return Object.entries((input.RequestItems ?? {}) as Record<string, Record<string, Record<string, unknown>>[]>)
          .flatMap(([table, requests]) =>
            requests.map((r) =>
              r.PutRequest
                ? one(table, this.keyOf(table, r.PutRequest.Item), false)
                : one(table, r.DeleteRequest?.Key as Record<string, unknown>, false),
            ),
          )
          .flat();
      default:
        return [];
    }
  }

  /** The key attributes of an item of `table` (an item as the document client takes it). */
  private keyOf(table: string, item: unknown): Record<string, unknown> | undefined {
    const spec = this.specs.get(table);
    if (!spec || !item || typeof item !== 'object') return undefined;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(
      [spec.partitionKey, ...(spec.sortKey ? [spec.sortKey] : [])].map((k) => [k.name, record[k.name]]),
    );
  }

  private async read(t: Target): Promise<Item | undefined> {
    this.client ??= new DynamoDBClient({
      endpoint: this.endpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    // The document client's commands are marshalled after this point of the stack: keys arrive as plain values.
    const key = isMarshalled(t.key) ? (t.key as Item) : marshall(t.key, { removeUndefinedValues: true });
    const out = await this.client.send(new GetItemCommand({ TableName: t.table, Key: key, ConsistentRead: true }));
    return out.Item;
  }
}

function isMarshalled(key: Record<string, unknown>): boolean {
  return Object.values(key).every(
    (v) =>
      typeof v === 'object' && v !== null && Object.keys(v).length === 1 && /^(S|N|B)$/.test(Object.keys(v)[0] ?? ''),
  );
}

function same(a: Item | undefined, b: Item | undefined): boolean {
  if (!a || !b) return a === b;
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, v]) => [k, sorted(v)]),
    );
  }
  return value;
}
