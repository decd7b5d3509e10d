// Local emulation of DynamoDB Streams (NEW_AND_OLD_IMAGES) in front of dynalite, which has none: every PutItem,
// UpdateItem or DeleteItem on a table that declares `stream` (functions/store/tables.ts) is served with the item's
// old image read just before and its new image read just after, under a per-item lock so that the two images belong
// to that write and no other; a change becomes a stream record, and the records are handed, in order, to the
// function of functions/manifest.ts that names the table in `streamFrom` — as Lambda's event source mapping does.
//
// Known limitations, on purpose:
// - Records live in memory: a record not yet processed when the process is killed is lost (DynamoDB keeps them for
//   24 hours). The crash test kills the runtime. A lost notification is a missing inbox entry, never a wrong one; a
//   lost tally is recounted from the cases at the next start (local/migrate-tallies.ts, after a run that was killed).
// - BatchWriteItem is not tapped (nothing writes a streamed table that way). TransactWriteItems, which dynalite
//   lacks, is served by local/transactions.ts: it takes the stream locks of its items on streamed tables (sorted),
//   and records one change per item it changed, in action order, before it answers — as a single write does.
// - Against an external endpoint (npm start -- --dynamodb-endpoint: DynamoDB Local) nothing here taps: the table's
//   real stream is polled by local/endpoint-streams.ts, and its records are handed to the same readers through
//   `deliver`, with the batches, order and retries below.
// - A batch the reader reports as failed is retried at once, up to MAX_ATTEMPTS times, then logged at ERROR and
//   dropped (AWS: retried with backoff, then sent to the on-failure queue).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export interface StreamRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventSource: 'aws:dynamodb';
  readonly eventSourceARN: string;
  readonly dynamodb: {
    readonly Keys: Record<string, AttributeValue>;
    readonly OldImage?: Record<string, AttributeValue>;
    readonly NewImage?: Record<string, AttributeValue>;
    readonly SequenceNumber: string;
    readonly StreamViewType: 'NEW_AND_OLD_IMAGES';
  };
}

export type StreamReader = (event: { Records: StreamRecord[] }) => Promise<unknown>;

export interface StreamedTable {
  /** The physical (local) table name. */
  readonly tableName: string;
  /** Key attribute names (partition, then sort). */
  readonly keyNames: readonly string[];
  readonly reader: StreamReader;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type Stream = StreamedTable & { queue: StreamRecord[]; draining: boolean };

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 3;
const TAPPED = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

export class LocalStreams {
  /** Each table's readers, each with its own queue (as each event source mapping keeps its own position). */
  private readonly tables = new Map<string, Stream[]>();
  private readonly locks = new Map<string, Promise<void>>();
  private sequence = 0;
  private busy = 0;

  constructor(
    streamed: readonly StreamedTable[],
    private readonly log: (line: string) => void,
  ) {
    for (const t of streamed) {
      this.tables.set(t.tableName, [...(this.tables.get(t.tableName) ?? []), { ...t, queue: [], draining: false }]);
    }
  }

  /** Writes being tapped, and records queued or being read (the simulated clock waits for them). */
  inFlight(): number {
    let queued = 0;
    for (const readers of this.tables.values()) for (const t of readers) queued += t.queue.length;
    return this.busy + queued;
  }

  /**
   * Wraps dynalite's request listener: a write to a streamed table is served through `tapped`, anything else goes
   * straight through.
   */
  wrap(listener: Listener): Listener {
    return (req, res) => {
      const target = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      if (req.method !== 'POST' || !TAPPED.has(target)) return listener(req, res);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        let parsed: { TableName?: string; Item?: Record<string, AttributeValue>; Key?: Record<string, AttributeValue> };
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          parsed = {};
        }
        const table = parsed.TableName ? this.tables.get(parsed.TableName)?.[0] : undefined;
        const source = parsed.Item ?? parsed.Key;
        if (!table || !source || table.keyNames.some((k) => source[k] === undefined)) {
          return listener(replay(req, body), res);
        }
        const keys = Object.fromEntries(table.keyNames.map((k) => [k, source[k] as AttributeValue]));
        this.busy++;
        this.tapped(listener, req, body, res, table, keys)
          .catch((error) => {
            this.log(`streams: ERROR tapping a write to ${table.tableName}: ${(error as Error).stack}`);
            if (!res.headersSent) {
              res.statusCode = 500;
              res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' }));
            }
          })
          .finally(() => this.busy--);
      });
    };
  }

  private async tapped(
    listener: Listener,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    table: Stream,
    keys: Record<string, AttributeValue>,
  ): Promise<void> {
    const release = await this.lock(table.tableName, keys);
    try {
      const before = await getItem(listener, req, table.tableName, keys);
      const answer = await call(listener, replay(req, body));
      if (answer.status === 200) {
        const after = await getItem(listener, req, table.tableName, keys);
        this.record(table.tableName, keys, before, after);
      }
      res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.end(answer.body);
    } finally {
      release();
    }
  }

  /** The key attribute names of a streamed table, or undefined when the table has no stream. */
  keyNamesOf(tableName: string): readonly string[] | undefined {
    return this.tables.get(tableName)?.[0]?.keyNames;
  }

  /**
   * Waits for the item's stream lock (held while a write's old image, the write and its new image are taken) and
   * returns its release. A transaction (local/transactions.ts) takes the locks of all its items on streamed tables,
   * in sorted order, before dynalite's item locks — the order a single tapped write takes them in too.
   */
  async lock(tableName: string, keys: Record<string, AttributeValue>): Promise<() => void> {
    const lockKey = `${tableName}\n${JSON.stringify(keys)}`;
    const previous = this.locks.get(lockKey) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = previous.then(() => mine);
    this.locks.set(lockKey, chained);
    await previous;
    return () => {
      release();
      if (this.locks.get(lockKey) === chained) this.locks.delete(lockKey);
    };
  }

  /** A change of one item of a streamed table (nothing when the images are equal): one record for each reader. */
  record(
    tableName: string,
    keys: Record<string, AttributeValue>,
    before: Record<string, AttributeValue> | undefined,
    after: Record<string, AttributeValue> | undefined,
  ): void {
    if (isDeepStrictEqual(before, after)) return;
    for (const reader of this.tables.get(tableName) ?? []) this.enqueue(reader, keys, before, after);
  }

  /**
   * A record read from a table's real stream (local/endpoint-streams.ts, against an external endpoint such as DynamoDB
   * Local): handed to every reader of the table as a tapped change is, with the same batches, order and retries.
   */
  deliver(tableName: string, record: StreamRecord): void {
    for (const reader of this.tables.get(tableName) ?? []) this.push(reader, record);
  }

  private push(table: Stream, record: StreamRecord): void {
    table.queue.push(record);
    if (!table.draining) void this.drain(table);
  }

  private enqueue(
    table: Stream,
    keys: Record<string, AttributeValue>,
    before: Record<string, AttributeValue> | undefined,
    after: Record<string, AttributeValue> | undefined,
  ): void {
    this.sequence++;
    this.push(table, {
      eventID: randomUUID(),
      eventName: before ? (after ? 'MODIFY' : 'REMOVE') : 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${table.tableName}/stream/local`,
      dynamodb: {
        Keys: keys,
        ...(before ? { OldImage: before } : {}),
        ...(after ? { NewImage: after } : {}),
        SequenceNumber: String(this.sequence).padStart(21, '0'),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
  }

  /** Hands the table's records to its reader in order, a batch at a time (one shard, like a small table). */
  private async drain(table: Stream): Promise<void> {
    table.draining = true;
    this.busy++;
    try {
      while (table.queue.length) {
        let batch = table.queue.slice(0, BATCH_SIZE);
        // What this round takes off the queue: records that arrive while the reader runs stay for the next round.
        const taken = batch.length;
        for (let attempt = 1; batch.length; attempt++) {
          let failedFrom: string | undefined;
          try {
            const out = (await table.reader({ Records: batch })) as
              | { batchItemFailures?: { itemIdentifier: string }[] }
              | undefined;
            failedFrom = out?.batchItemFailures?.[0]?.itemIdentifier;
          } catch (error) {
            failedFrom = batch[0]?.dynamodb.SequenceNumber;
            this.log(`streams: reader of ${table.tableName} failed: ${(error as Error).message}`);
          }
          if (failedFrom === undefined) break;
          const at = Math.max(
            0,
            batch.findIndex((r) => r.dynamodb.SequenceNumber === failedFrom),
          );
          if (attempt >= MAX_ATTEMPTS) {
            this.log(
              `streams: ERROR ${batch.length - at} record(s) of ${table.tableName} dropped after ${MAX_ATTEMPTS} attempts (from sequence ${failedFrom})`,
            );
            break;
          }
          batch = batch.slice(at);
        }
        table.queue.splice(0, taken);
      }
    } finally {
      table.draining = false;
      this.busy--;
    }
  }
}

/** The same request again, its body already read: dynalite reads the body from the stream it is given. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new PassThrough() as unknown as IncomingMessage & PassThrough;
  Object.assign(copy, { headers: req.headers, method: req.method, url: req.url });
  (copy as PassThrough).end(body);
  return copy;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | number | readonly string[]>;
  readonly body: string;
}

/** Serves a request with dynalite's listener into a response held in memory. */
function call(listener: Listener, req: IncomingMessage): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number | readonly string[]> = {};
    const res = {
      statusCode: 200,
      headersSent: false,
      setHeader(name: string, value: string | number | readonly string[]) {
        headers[name] = value;
        return res;
      },
      end(body?: string) {
        resolve({ status: res.statusCode, headers, body: body ?? '' });
        return res;
      },
    };
    listener(req, res as unknown as ServerResponse);
  });
}

/** A consistent GetItem served by dynalite's listener directly, with the original request's credentials. */
async function getItem(
  listener: Listener,
  like: IncomingMessage,
  tableName: string,
  keys: Record<string, AttributeValue>,
): Promise<Record<string, AttributeValue> | undefined> {
  const body = Buffer.from(JSON.stringify({ TableName: tableName, Key: keys, ConsistentRead: true }));
  const req = replay(like, body);
  Object.assign(req, { headers: { ...like.headers, 'x-amz-target': 'DynamoDB_20120810.GetItem' } });
  const answer = await call(listener, req);
  if (answer.status !== 200) throw new Error(`GetItem for the stream failed (${answer.status}): ${answer.body}`);
  return (JSON.parse(answer.body) as { Item?: Record<string, AttributeValue> }).Item;
}
