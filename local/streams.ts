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
import type { ItemReader } from './transactions.ts';

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
type Image = Record<string, AttributeValue> | undefined;

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 3;
const TAPPED = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/**
 * What dynalite's server and local/transactions.ts need of the streams: the tap on single writes, the per-item stream
 * locks, the record of a change, and which tables are streamed. `record` settles once the change is in its readers'
 * queues: a write is answered only after that (in the runtime the tap runs in the store's worker thread and the
 * readers in the main thread: local/dynamodb-thread.ts).
 */
export interface WriteTap {
  wrap(listener: Listener): Listener;
  lock(tableName: string, keys: Record<string, AttributeValue>): Promise<() => void>;
  record(tableName: string, keys: Record<string, AttributeValue>, before: Image, after: Image): void | Promise<void>;
  keyNamesOf(tableName: string): readonly string[] | undefined;
  /** Writes being tapped right now. */
  inFlight(): number;
  /** Where a tapped write's old and new image are read: dynalite's store, handed over by startDynamo once it exists. */
  readFrom(reader: ItemReader): void;
}

/** Where a change of a streamed table goes: one record per change, for every reader of the table. */
export type RecordSink = (tableName: string, record: StreamRecord) => void | Promise<void>;

/**
 * The writing side of the streams: taps PutItem, UpdateItem and DeleteItem on streamed tables (old image, write, new
 * image under the item's stream lock) and turns each change into one record with the next sequence number, handed
 * to `sink`. One record per change whatever the number of readers: as one DynamoDB stream read by several functions.
 */
export class StreamTap implements WriteTap {
  private readonly keyNames = new Map<string, readonly string[]>();
  private readonly locks = new Map<string, Promise<void>>();
  private sequence = 0;
  private busy = 0;
  private direct: ItemReader | undefined;

  constructor(
    streamed: readonly { readonly tableName: string; readonly keyNames: readonly string[] }[],
    private readonly sink: RecordSink,
    private readonly log: (line: string) => void,
  ) {
    for (const t of streamed) this.keyNames.set(t.tableName, t.keyNames);
  }

  inFlight(): number {
    return this.busy;
  }

  keyNamesOf(tableName: string): readonly string[] | undefined {
    return this.keyNames.get(tableName);
  }

  readFrom(reader: ItemReader): void {
    this.direct = reader;
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
        const keyNames = parsed.TableName ? this.keyNames.get(parsed.TableName) : undefined;
        const source = parsed.Item ?? parsed.Key;
        if (!parsed.TableName || !keyNames || !source || keyNames.some((k) => source[k] === undefined)) {
          return listener(replay(req, body), res);
        }
        const tableName = parsed.TableName;
        const keys = Object.fromEntries(keyNames.map((k) => [k, source[k] as AttributeValue]));
        this.busy++;
        this.tapped(listener, req, body, res, tableName, keys)
          .catch((error) => {
            this.log(`streams: ERROR tapping a write to ${tableName}: ${(error as Error).stack}`);
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
    tableName: string,
    keys: Record<string, AttributeValue>,
  ): Promise<void> {
    const release = await this.lock(tableName, keys);
    try {
      // Each image read from dynalite's store itself: a GetItem through its listener cost a request's parse,
      // validation, answer and checksum, twice per tapped write — half of what the tap added to a write.
      const direct = this.direct;
      if (!direct) throw new Error('streams: the tap has no store to read images from (startDynamo gives it one)');
      const read = () => direct(tableName, keys);
      const before = await read();
      const answer = await call(listener, replay(req, body));
      // No table or no valid key (`undefined`): dynalite refused the write with its own error, nothing changed.
      if (answer.status === 200 && before) {
        const after = await read();
        if (!after) throw new Error(`${tableName}: the item written could not be read back for its stream record`);
        await this.record(tableName, keys, before.item, after.item);
      }
      res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.end(answer.body);
    } finally {
      release();
    }
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

  /** A change of one item of a streamed table (nothing when the images are equal): one record, to the sink. */
  record(tableName: string, keys: Record<string, AttributeValue>, before: Image, after: Image): void | Promise<void> {
    if (isDeepStrictEqual(before, after)) return;
    this.sequence++;
    return this.sink(tableName, {
      eventID: randomUUID(),
      eventName: before ? (after ? 'MODIFY' : 'REMOVE') : 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}/stream/local`,
      dynamodb: {
        Keys: keys,
        ...(before ? { OldImage: before } : {}),
        ...(after ? { NewImage: after } : {}),
        SequenceNumber: String(this.sequence).padStart(21, '0'),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
  }
}

/**
 * The reading side: each streamed table's readers, each with its own queue (as each event source mapping keeps its
 * own position), fed by `deliver` — from a tap in this thread (`wrap`, `lock` and `record` are its own tap's, for a
 * dynalite served here), from the store's worker thread, or from a real stream (local/endpoint-streams.ts).
 */
export class LocalStreams implements WriteTap {
  private readonly tables = new Map<string, Stream[]>();
  private readonly tap: StreamTap;
  private busy = 0;
  private batches = 0;

  constructor(
    streamed: readonly StreamedTable[],
    private readonly log: (line: string) => void,
  ) {
    for (const t of streamed) {
      this.tables.set(t.tableName, [...(this.tables.get(t.tableName) ?? []), { ...t, queue: [], draining: false }]);
    }
    this.tap = new StreamTap(streamed, (tableName, record) => this.deliver(tableName, record), log);
  }

  /** The streamed tables and their key attribute names (what a tap in another thread is built from). */
  streamed(): { tableName: string; keyNames: readonly string[] }[] {
    return [...this.tables].map(([tableName, readers]) => ({ tableName, keyNames: readers[0]?.keyNames ?? [] }));
  }

  /** Writes being tapped, and records queued or being read (the simulated clock waits for them). */
  inFlight(): number {
    return this.tap.inFlight() + this.busy + this.queued();
  }

  /** Records waiting for their readers, or being read, over all readers (one record per reader of its table). */
  queued(): number {
    let queued = 0;
    for (const readers of this.tables.values()) for (const t of readers) queued += t.queue.length;
    return queued;
  }

  /** Batches taken off the readers' queues so far, read or dropped (only grows: the simulated clock's progress). */
  completed(): number {
    return this.batches;
  }

  wrap(listener: Listener): Listener {
    return this.tap.wrap(listener);
  }

  lock(tableName: string, keys: Record<string, AttributeValue>): Promise<() => void> {
    return this.tap.lock(tableName, keys);
  }

  record(tableName: string, keys: Record<string, AttributeValue>, before: Image, after: Image): void | Promise<void> {
    return this.tap.record(tableName, keys, before, after);
  }

  readFrom(reader: ItemReader): void {
    this.tap.readFrom(reader);
  }

  /** The key attribute names of a streamed table, or undefined when the table has no stream. */
  keyNamesOf(tableName: string): readonly string[] | undefined {
    return this.tap.keyNamesOf(tableName);
  }

  /**
   * A record of a change to a table: from a tap, or read from a table's real stream (local/endpoint-streams.ts,
   * against an external endpoint such as DynamoDB Local). Handed to every reader of the table, each in its own
   * queue, with the batches, order and retries below.
   */
  deliver(tableName: string, record: StreamRecord): void {
    for (const reader of this.tables.get(tableName) ?? []) this.push(reader, record);
  }

  private push(table: Stream, record: StreamRecord): void {
    table.queue.push(record);
    if (!table.draining) void this.drain(table);
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
        this.batches++;
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
