// DynamoDB Streams read from an external endpoint (npm start -- --dynamodb-endpoint: DynamoDB Local, which has real
// streams), as Lambda's event source mapping reads them: DescribeTable → LatestStreamArn, DescribeStream → shards,
// GetShardIterator, GetRecords, one shard after its parent. Each record is handed to local/streams.ts (`deliver`),
// which gives it to every function naming the table in `streamFrom` (functions/manifest.ts) with the batches, order
// and retries it documents — the one reader path whatever the backend. Nothing taps the writes here: the records
// are DynamoDB's own.
//
// Where reading starts: at the stream's end (LATEST) when the runtime starts, as dynalite's emulation starts with an
// empty queue — records written while no runtime ran are not read (as with dynalite, whose records a killed process
// loses; docs/dynamodb-local.md). Shards found later (a shard rolled over) are read from their start.
//
// The simulated clock must not move while a change is still to be read (local/clock.ts settle asks `inFlight`), but
// a poller learns of a write only when it next polls. So this process's own requests to the endpoint are watched
// (node:diagnostics_channel, nothing in their path): a write that finished makes the poller read at once, and
// `inFlight` stays above 0 until a read of every shard that began after the write found nothing new. Writes by
// other processes (a test looking past the API) are read within IDLE_POLL_MS.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { type AttributeValue, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as RawRecord,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { localAccessKeyId } from '../functions/store/client.ts';
import { realSetTimeout } from './clock.ts';
import { localDynamoClient } from './dynamodb.ts';
import type { StreamRecord } from './streams.ts';

// Captured before a simulated clock replaces the timers (local/clock.ts): the poller keeps real time.
const realClearTimeout = globalThis.clearTimeout;

/** How often a stream is read when this process wrote nothing (Lambda polls a shard about 4 times a second). */
const IDLE_POLL_MS = 250;
const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

/**
 * This process's HTTP requests to one endpoint, watched on node's diagnostics channel: how many are in flight (the
 * simulated clock waits for them, as for dynalite's), and how many writes have finished.
 */
export class EndpointRequests {
  private active = 0;
  private finishedWrites = 0;
  private readonly host: string;
  private readonly onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (String(request.getHeader('host') ?? '') !== this.host) return;
    const target = String(request.getHeader('x-amz-target') ?? '').split('.')[1] ?? '';
    this.active++;
    request.once('close', () => {
      this.active--;
      if (WRITES.has(target)) {
        this.finishedWrites++;
        this.onWrite?.();
      }
    });
  };
  /** Called when a write has finished (the poller reads at once). */
  onWrite: (() => void) | undefined;

  constructor(endpoint: string) {
    this.host = new URL(endpoint).host;
    subscribe('http.client.request.start', this.onStart);
  }

  inFlight(): number {
    return this.active;
  }

  writes(): number {
    return this.finishedWrites;
  }

  close(): void {
    unsubscribe('http.client.request.start', this.onStart);
  }
}

interface ShardState {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  iterator: string | undefined;
  /** The last record read (to ask again after it when an iterator expired). */
  lastSequence: string | undefined;
  /** No more records: the shard was closed and read to its end. */
  done: boolean;
}

interface TableStream {
  readonly tableName: string;
  streamArn: string;
  readonly shards: Map<string, ShardState>;
}

export class EndpointStreams {
  private readonly client: DynamoDBStreamsClient;
  private readonly dynamo: DynamoDBClient;
  private readonly streams: TableStream[] = [];
  private running = false;
  private closed = false;
  private reading = false;
  /** The writes finished (EndpointRequests) when the last round that found nothing began. */
  private cleanUpTo = 0;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    endpoint: string,
    private readonly requests: EndpointRequests,
    private readonly tableNames: readonly string[],
    private readonly deliver: (tableName: string, record: StreamRecord) => void,
    private readonly log: (line: string) => void,
  ) {
    this.dynamo = localDynamoClient(endpoint);
    // The store's access key: DynamoDB Local keeps a database (and its streams) per access key id and region.
    this.client = new DynamoDBStreamsClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: localAccessKeyId(), secretAccessKey: 'local' },
      // No SDK retries: the SDK waits between attempts on setTimeout, which a simulated clock replaces — a retry
      // would wait for simulated time, which stands still while this read is busy. A failed round is logged and
      // tried again after IDLE_POLL_MS of real time instead, from the same positions.
      maxAttempts: 1,
    });
    requests.onWrite = () => this.wake?.();
  }

  /** Finds each table's stream and takes a position at its end (before anything is written that must be read). */
  async prepare(): Promise<void> {
    for (const tableName of this.tableNames) {
      const described = await this.dynamo.send(new DescribeTableCommand({ TableName: tableName }));
      const streamArn = described.Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`table ${tableName} has no stream at the endpoint (ensureTables streams it)`);
      const stream: TableStream = { tableName, streamArn, shards: new Map() };
      for (const shard of await this.shardsOf(streamArn)) {
        // Open shards from their end; closed ones hold only what was written before this runtime started.
        const open = !shard.SequenceNumberRange?.EndingSequenceNumber;
        stream.shards.set(shard.ShardId as string, {
          shardId: shard.ShardId as string,
          parentShardId: shard.ParentShardId,
          iterator: open ? await this.iterator(streamArn, shard.ShardId as string, 'LATEST') : undefined,
          lastSequence: undefined,
          done: !open,
        });
      }
      this.streams.push(stream);
    }
    this.cleanUpTo = this.requests.writes();
  }

  /** Starts reading (once the readers, the handlers, are loaded). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * A round of reading in progress, or a write finished since the last round that found nothing began: records may
   * be waiting to be read. (Records read and not yet handled are counted by local/streams.ts.)
   */
  inFlight(): number {
    return (this.reading ? 1 : 0) + (this.requests.writes() > this.cleanUpTo ? 1 : 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loop;
    this.client.destroy();
    this.dynamo.destroy();
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      if (this.requests.writes() <= this.cleanUpTo) {
        await new Promise<void>((resolve) => {
          const timer = realSetTimeout(() => resolve(), IDLE_POLL_MS);
          this.wake = () => {
            realClearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
        if (this.closed) break;
      }
      this.reading = true;
      const writesBefore = this.requests.writes();
      try {
        const found = await this.round();
        if (found === 0) this.cleanUpTo = Math.max(this.cleanUpTo, writesBefore);
      } catch (error) {
        this.log(
          `streams: ERROR reading the endpoint's streams (${(error as Error).name}): ${(error as Error).message}`,
        );
        await new Promise((resolve) => realSetTimeout(resolve, IDLE_POLL_MS));
      } finally {
        this.reading = false;
      }
    }
  }

  /** Reads every shard to its current end. @returns how many records were read. */
  private async round(): Promise<number> {
    const counts = await Promise.all(this.streams.map((stream) => this.readStream(stream)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async readStream(stream: TableStream): Promise<number> {
    let found = 0;
    let rolled = false;
    for (const shard of stream.shards.values()) {
      if (shard.done) continue;
      // A child shard is read once its parent is read to its end (DynamoDB's order of a key's changes).
      const parent = shard.parentShardId ? stream.shards.get(shard.parentShardId) : undefined;
      if (parent && !parent.done) continue;
      shard.iterator ??= await this.iterator(
        stream.streamArn,
        shard.shardId,
        shard.lastSequence ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        shard.lastSequence,
      );
      for (;;) {
        let page: { Records?: RawRecord[]; NextShardIterator?: string };
        try {
          page = await this.client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
        } catch (error) {
          const name = (error as Error).name;
          if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw error;
          // An iterator unused for 15 minutes expires: ask again after the last record read.
          shard.iterator = undefined;
          break;
        }
        const records = page.Records ?? [];
        for (const raw of records) {
          this.deliver(stream.tableName, lambdaRecord(raw, stream.streamArn));
          shard.lastSequence = raw.dynamodb?.SequenceNumber ?? shard.lastSequence;
        }
        found += records.length;
        shard.iterator = page.NextShardIterator;
        if (!shard.iterator) {
          shard.done = true;
          rolled = true;
          break;
        }
        if (records.length === 0) break;
      }
    }
    if (rolled) {
      // A shard closed: its children (and any shard not known yet) are read from their start.
      for (const shard of await this.shardsOf(stream.streamArn)) {
        if (stream.shards.has(shard.ShardId as string)) continue;
        stream.shards.set(shard.ShardId as string, {
          shardId: shard.ShardId as string,
          parentShardId: shard.ParentShardId,
          iterator: undefined,
          lastSequence: undefined,
          done: false,
        });
        found++; // read in the next round
      }
    }
    return found;
  }

  private async shardsOf(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await this.client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }),
      );
      shards.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async iterator(
    streamArn: string,
    shardId: string,
    type: ShardIteratorType,
    sequenceNumber?: string,
  ): Promise<string | undefined> {
    const out = await this.client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
      }),
    );
    return out.ShardIterator;
  }
}

/**
 * DynamoDB Local's streams write an empty map as `{}` (no type: `{"M":{}}` in the table, `{}` in the record), which no
 * reader can unmarshall ("No value defined"): a value with no type is given back the only one that can be empty and
 * lose it, M. (Empty lists come through as `{"L":[]}`; empty sets and no-type values do not exist in DynamoDB.)
 */
function repaired(value: AttributeValue): AttributeValue {
  const v = value as unknown as Record<string, unknown>;
  if (Object.keys(v).length === 0) return { M: {} };
  if (v.M) return { M: repairedImage(v.M as Record<string, AttributeValue>) };
  if (v.L) return { L: (v.L as AttributeValue[]).map(repaired) };
  return value;
}

function repairedImage(image: Record<string, AttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repaired(value)]));
}

/** A record as Lambda hands it to a function (local/streams.ts StreamRecord): the stream's own ids and images. */
function lambdaRecord(raw: RawRecord, streamArn: string): StreamRecord {
  const change = raw.dynamodb ?? {};
  // The streams client's attribute values are DynamoDB's, in a type of its own.
  type Image = Record<string, AttributeValue>;
  return {
    eventID: raw.eventID as string,
    eventName: raw.eventName as StreamRecord['eventName'],
    eventSource: 'aws:dynamodb',
    eventSourceARN: streamArn,
    dynamodb: {
      Keys: change.Keys as unknown as Image,
      ...(change.OldImage ? { OldImage: repairedImage(change.OldImage as unknown as Image) } : {}),
      ...(change.NewImage ? { NewImage: repairedImage(change.NewImage as unknown as Image) } : {}),
      SequenceNumber: change.SequenceNumber as string,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
