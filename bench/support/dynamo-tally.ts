import { type WriteEstimate, WriteUnits } from './write-units.ts';

/** Requests, SDK attempts, capacity units and items of DynamoDB calls, per origin, operation, table and index. */
export interface Tally {
  requests: number;
  /** SDK attempts (a retried request counts more than once). */
  attempts: number;
  capacityUnits: number;
  conditionFailed: number;
  errors: number;
  /** Items returned (GetItem: 0 or 1; Query/Scan: Count). */
  items: number;
  /** Items read to answer (Query/Scan: ScannedCount; GetItem: 1). */
  scanned: number;
  /**
   * Writes only, when the tally has a `WriteUnits` estimator (bench/support/write-units.ts): the items written (a
   * TransactWriteItems counts each), their table write units as DynamoDB bills them (×2 in a transaction), and the
   * write units of each global secondary index (`Table/index`).
   */
  itemsWritten: number;
  writeUnitsEstimate: number;
  indexWriteUnits: Record<string, number>;
}

export type TallyRow = Tally & { origin: string; operation: string; table: string; index: string };

export class DynamoTally {
  private readonly tallies = new Map<string, Tally>();

  constructor(
    private readonly originOf: () => string = () => 'all',
    /** Estimates the write units of every write (it reads the items written: only where that does not matter). */
    private readonly writeUnits?: WriteUnits,
  ) {}

  reset(): void {
    this.tallies.clear();
  }

  rows(): TallyRow[] {
    return [...this.tallies].map(([key, tally]) => {
      const [origin = '', operation = '', table = '', index = ''] = key.split('|');
      return { origin, operation, table, index, ...tally };
    });
  }

  /**
   * Counts every command sent through `client` (a DynamoDBClient, or a document client, which shares its stack),
   * adding `ReturnConsumedCapacity: TOTAL` so that dynalite reports the capacity units each one consumed.
   */
  instrument(client: { middlewareStack: { add(middleware: unknown, options: object): void } }): void {
    client.middlewareStack.add(this.middleware(), { step: 'initialize', priority: 'high', name: 'benchTally' });
  }

  private middleware() {
    return (
      next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>,
      context: { commandName?: string },
    ) =>
      async (args: { input: Record<string, unknown> }) => {
        const input = args.input;
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const table = String(
          input.TableName ??
            (input.RequestItems
              ? Object.keys(input.RequestItems as object).join('+')
              : input.TransactItems
                ? transactTables(input.TransactItems)
                : '-'),
        );
        const key = `${this.originOf()}|${operation}|${table}|${String(input.IndexName ?? '')}`;
        const tally = this.tallies.get(key) ?? {
          requests: 0,
          attempts: 0,
          capacityUnits: 0,
          conditionFailed: 0,
          errors: 0,
          items: 0,
          scanned: 0,
          itemsWritten: 0,
          writeUnitsEstimate: 0,
          indexWriteUnits: {},
        };
        this.tallies.set(key, tally);
        tally.requests++;
        if (input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
        const plan =
          this.writeUnits && WriteUnits.isWrite(operation) ? await this.writeUnits.before(operation, input) : undefined;
        const estimate = async (succeeded: boolean) => {
          if (!plan || !this.writeUnits) return;
          add(tally, await this.writeUnits.after(plan, succeeded));
        };
        try {
          const result = await next(args);
          await estimate(true);
          const output = result.output;
          tally.attempts += (output.$metadata as { attempts?: number } | undefined)?.attempts ?? 1;
          const consumed = output.ConsumedCapacity as
            | { CapacityUnits?: number }
            | { CapacityUnits?: number }[]
            | undefined;
          for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
            tally.capacityUnits += c.CapacityUnits ?? 0;
          }
          if (typeof output.Count === 'number') {
            tally.items += output.Count;
            tally.scanned += typeof output.ScannedCount === 'number' ? output.ScannedCount : output.Count;
          } else if (operation === 'GetItem') {
            tally.items += output.Item ? 1 : 0;
            tally.scanned += 1;
          }
          return result;
        } catch (error) {
          await estimate(false);
          tally.attempts += (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
          const name = (error as Error).name;
          if (name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException') {
            tally.conditionFailed++;
          } else tally.errors++;
          throw error;
        }
      };
  }
}

function add(tally: Tally, estimate: WriteEstimate): void {
  tally.itemsWritten += estimate.items;
  tally.writeUnitsEstimate += estimate.tableUnits;
  for (const [index, units] of Object.entries(estimate.indexUnits)) {
    tally.indexWriteUnits[index] = (tally.indexWriteUnits[index] ?? 0) + units;
  }
}

/** The tables a TransactWriteItems names, in order, each once (`Cases+Clocks`). */
function transactTables(items: unknown): string {
  const names = ((items ?? []) as Record<string, { TableName?: string }>[]).map(
    (action) => Object.values(action)[0]?.TableName ?? '-',
  );
  return [...new Set(names)].join('+');
}
