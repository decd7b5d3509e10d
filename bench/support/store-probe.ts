// Run by the bench's store section as a process of its own (`node --import tsx` with the runtime's V8 options, so
// that nothing of the bench's own work — its heap, its clients, the precision section it drives beside — shows in
// the threads measured): `store-probe.ts <templates.json> <requests per kind>`. Prints one JSON line: each kind of
// request, its rate and its CPU per request by thread.
import '../../local/memory.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type FunctionSpec, functions } from '../../functions/manifest.ts';
import { db } from '../../functions/store/client.ts';
import { keyNamesOf, type TableKey, tables } from '../../functions/store/tables.ts';
import { setTransport } from '../../functions/store/transports.ts';
import { ensureTables, localTableName } from '../../local/dynamodb.ts';
import { startDynamoThread } from '../../local/dynamodb-thread.ts';
import { asTransport } from '../../local/in-process-http.ts';
import { LocalStreams } from '../../local/streams.ts';
import type { Template } from './templates.ts';
import { cpuByThread } from './threads.ts';

type Item = Record<string, unknown>;

/** CPU per request of one kind, by thread, and the rate it ran at. */
export interface KindFigures {
  readonly kind: string;
  readonly requests: number;
  readonly perSecond: number;
  /** ms of CPU per request: the calling thread (the handlers' side), the store's thread, every other thread. */
  readonly cpuMs: { readonly caller: number; readonly store: number; readonly others: number; readonly total: number };
}

/** What the probe prints. */
export interface ProbeOutput {
  readonly inFlight: number;
  readonly kinds: KindFigures[];
}

const IN_FLIGHT = 16;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const [templatesFile, count] = process.argv.slice(2);
  const open = (JSON.parse(readFileSync(templatesFile ?? '', 'utf8')) as { open: Template }).open;
  const n = Number(count);
  const dir = mkdtempSync(join(tmpdir(), 'xiaoneng-bench-store-'));
  const streams = new LocalStreams(streamedTables(), () => {});
  const thread = await startDynamoThread(join(dir, 'dynamodb'), 0, '127.0.0.1', streams, (line) =>
    process.stderr.write(`${line}\n`),
  );
  try {
    setTransport(thread.url, asTransport(thread.transport));
    process.env.DYNAMODB_ENDPOINT = thread.url;
    await ensureTables(thread.url);
    const kinds = requestKinds(open);
    // Warm-up (JIT, first-use paths), on keys of its own, then each kind measured in turn.
    for (const kind of kinds) await inFlight(Math.ceil(n / 4), (i) => kind.send(`warm-${i}`));
    await streamsDrained(streams);
    const phases: { kind: string; seconds: number; before: Map<string, number>; after: Map<string, number> }[] = [];
    for (const kind of kinds) {
      const before = cpuByThread(process.pid);
      const t = performance.now();
      await inFlight(n, (i) => kind.send(`m-${i}`));
      // The records the writes queued are read (their readers do nothing) within the phase: the tap's work counts.
      await streamsDrained(streams);
      const seconds = (performance.now() - t) / 1000;
      const after = cpuByThread(process.pid);
      if (!before || !after) throw new Error('no /proc to read the threads’ CPU from');
      phases.push({ kind: kind.name, seconds, before, after });
    }
    // The store's thread: the thread other than the caller's that did the most over all the kinds.
    const caller = String(process.pid);
    const spent = new Map<string, number>();
    for (const p of phases) {
      for (const [tid, ms] of p.after) spent.set(tid, (spent.get(tid) ?? 0) + ms - (p.before.get(tid) ?? 0));
    }
    const storeTid = [...spent].filter(([tid]) => tid !== caller).sort((a, b) => b[1] - a[1])[0]?.[0];
    const figures: KindFigures[] = phases.map((p) => {
      const delta = (tid: string) => (p.after.get(tid) ?? 0) - (p.before.get(tid) ?? 0);
      let total = 0;
      for (const tid of p.after.keys()) total += delta(tid);
      const callerMs = delta(caller);
      const storeMs = storeTid ? delta(storeTid) : 0;
      return {
        kind: p.kind,
        requests: n,
        perSecond: Math.round(n / p.seconds),
        cpuMs: {
          caller: round3(callerMs / n),
          store: round3(storeMs / n),
          others: round3((total - callerMs - storeMs) / n),
          total: round3(total / n),
        },
      };
    });
    process.stdout.write(`${JSON.stringify({ inFlight: IN_FLIGHT, kinds: figures } satisfies ProbeOutput)}\n`);
  } finally {
    await thread.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The kinds of request an approval makes, each on copies of a real open case and its approval clock. */
function requestKinds(open: Template): { name: string; send: (key: string) => Promise<unknown> }[] {
  const cases = localTableName(tables.cases);
  const clocks = localTableName(tables.clocks);
  const caseItem = (id: string): Item => ({ ...open.case, id });
  const clockItem = (id: string): Item => ({ ...open.clock, subject: id, executionName: id });
  const newKey = { ConditionExpression: 'attribute_not_exists(#k)' };
  // About 150 bytes, on no index.
  const smallItem = (id: string): Item => ({ subject: id, duty: 'SMALL', day: '2026-09-14', count: 1, by: 'bench' });
  const pairOf = (id: string) => [
    { Put: { TableName: cases, Item: caseItem(id), ...newKey, ExpressionAttributeNames: { '#k': 'id' } } },
    { Put: { TableName: clocks, Item: clockItem(id), ...newKey, ExpressionAttributeNames: { '#k': 'subject' } } },
  ];
  return [
    {
      // A case and its clock, as createCase writes them; the update, GetItem and Query below read these.
      name: 'TransactWriteItems, 2 items',
      send: (key) => db().send(new TransactWriteCommand({ TransactItems: pairOf(`t2-${key}`) })),
    },
    {
      name: 'TransactWriteItems, 6 items',
      send: (key) =>
        db().send(new TransactWriteCommand({ TransactItems: [1, 2, 3].flatMap((k) => pairOf(`t6-${k}-${key}`)) })),
    },
    {
      name: 'PutItem (conditional, new key)',
      send: (key) =>
        db().send(
          new PutCommand({
            TableName: cases,
            Item: caseItem(`p-${key}`),
            ...newKey,
            ExpressionAttributeNames: { '#k': 'id' },
          }),
        ),
    },
    {
      // The smallest writes an approval makes are about this size (a notification, a day's tally): what the floor
      // prices every single write and every transaction at, so that it is a floor.
      name: 'PutItem, small item (conditional, new key)',
      send: (key) =>
        db().send(
          new PutCommand({
            TableName: clocks,
            Item: smallItem(`s-${key}`),
            ...newKey,
            ExpressionAttributeNames: { '#k': 'subject' },
          }),
        ),
    },
    {
      name: 'TransactWriteItems, 2 small items',
      send: (key) =>
        db().send(
          new TransactWriteCommand({
            TransactItems: [1, 2].map((k) => ({
              Put: {
                TableName: clocks,
                Item: smallItem(`ts-${k}-${key}`),
                ...newKey,
                ExpressionAttributeNames: { '#k': 'subject' },
              },
            })),
          }),
        ),
    },
    {
      // The yellow light's change to the clock: a conditional update of a running clock.
      name: 'UpdateItem (conditional)',
      send: (key) =>
        db().send(
          new UpdateCommand({
            TableName: clocks,
            Key: { subject: `t2-${key}`, duty: open.clock.duty },
            UpdateExpression: 'SET warnedFor = :deadline',
            ConditionExpression: 'phase = :running',
            ExpressionAttributeValues: { ':deadline': open.clock.deadlineAt, ':running': 'RUNNING' },
          }),
        ),
    },
    {
      name: 'GetItem',
      send: (key) => db().send(new GetCommand({ TableName: cases, Key: { id: `t2-${key}` } })),
    },
    {
      name: 'Query (1 item)',
      send: (key) =>
        db().send(
          new QueryCommand({
            TableName: clocks,
            KeyConditionExpression: 'subject = :s',
            ExpressionAttributeValues: { ':s': `t2-${key}` },
          }),
        ),
    },
  ];
}

/** The runtime's streamed tables (functions/manifest.ts `streamFrom`), each with a reader that does nothing. */
function streamedTables() {
  return (Object.values(functions) as FunctionSpec[]).flatMap((spec) => {
    if (!spec.streamFrom) return [];
    const table = tables[spec.streamFrom as TableKey];
    return [{ tableName: localTableName(table), keyNames: keyNamesOf(table), reader: async () => {} }];
  });
}

async function inFlight(count: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await send(next++);
    }),
  );
}

async function streamsDrained(streams: LocalStreams): Promise<void> {
  while (streams.inFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

await main();
process.exit(0);
