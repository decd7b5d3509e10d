import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { allTables } from '../../functions/store/tables.ts';
import {
  ensureTables,
  type LocalDynamo,
  localDynamoClient,
  localTableName,
  startDynamo,
} from '../../local/dynamodb.ts';
import { temporaryFolder } from './temporary.ts';

/**
 * Set by `npm run test:dynamodb-local` (test/setup/dynamodb-local.ts) to the DynamoDB Local the run started: the store
 * tests and the runtimes then use it instead of a dynalite each. Unset: dynalite, as always.
 */
export const TEST_DYNAMODB_VARIABLE = 'XIAONENG_TEST_DYNAMODB_ENDPOINT';

/** The shared DynamoDB Local of this run, if the run has one. */
export function externalTestDynamo(): string | undefined {
  return process.env[TEST_DYNAMODB_VARIABLE] || undefined;
}

/**
 * Whether the backend serves requests concurrently, as DynamoDB does (DynamoDB Local), rather than one at a time
 * (dynalite): race tests then require that each side wins some rounds.
 */
export const concurrentBackend = externalTestDynamo() !== undefined;

/**
 * An access key id of its own: DynamoDB Local keeps one database per access key id and region (without -sharedDb,
 * in memory too), so each test file's tables and each runtime's are apart from every other's in the shared JVM.
 */
export function uniqueAccessKeyId(kind: string): string {
  return `${kind}${randomBytes(6).toString('hex')}`;
}

/** Deletes every table of the spec under this access key (what a test dynamo or runtime leaves in the shared JVM). */
export async function dropTables(endpoint: string, accessKeyId: string): Promise<void> {
  const client = localDynamoClient(endpoint, accessKeyId);
  try {
    for (const spec of allTables) {
      await client.send(new DeleteTableCommand({ TableName: localTableName(spec) })).catch((error: Error) => {
        if (error.name !== 'ResourceNotFoundException') throw error;
      });
    }
  } finally {
    client.destroy();
  }
}

/**
 * The kernel hands out ports of this range to every outgoing connection (and to `listen(0)`). A port found free
 * there and released is soon the source port of some HTTP client's connection, and the runtime that was told to
 * listen on it fails with "already in use" (a CI run failed so: two test workers, thousands of connections). Ports
 * below the range are only ever taken by a listener that asks for them by number.
 */
export function ephemeralRange(): readonly [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {}
  return [32768, 60999]; // Linux's default
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port free now, from below the ephemeral range (a random one, so parallel test workers rarely pick the same). */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const high = Math.min(ephemeralLow, 32768);
  const low = Math.max(1024, high - 12_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${low}–${high - 1} after 100 tries`);
}

/**
 * A real dynalite with every table of the spec, and the handler environment pointed at it; in `npm run
 * test:dynamodb-local`, a database of its own (an access key id) in the run's DynamoDB Local, dropped at `close`.
 */
export async function startTestDynamo(): Promise<LocalDynamo> {
  const external = externalTestDynamo();
  let dynamo: LocalDynamo;
  if (external) {
    const accessKeyId = uniqueAccessKeyId('store');
    process.env.DYNAMODB_ACCESS_KEY_ID = accessKeyId;
    await ensureTables(external, undefined, { streams: true });
    dynamo = { url: external, inFlight: () => 0, close: () => dropTables(external, accessKeyId) };
  } else {
    const dir = temporaryFolder('dynamo');
    dynamo = await startDynamo(dir, await freePort());
    await ensureTables(dynamo.url);
  }
  process.env.DYNAMODB_ENDPOINT = dynamo.url;
  process.env.AWS_REGION = 'us-east-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // Metric lines (EMF on stdout) are as quiet as the logs, unless a test asks for them before importing a handler.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  for (const spec of allTables) process.env[spec.envVar] = localTableName(spec);
  return dynamo;
}

/**
 * Records every DynamoDB request the store's own client sends, by operation (`GetItem`, `UpdateItem`, …): a
 * middleware on `db()`, added once. Tests read and clear the array it returns.
 */
export async function countStoreRequests(): Promise<string[]> {
  const sent: string[] = [];
  const { db } = await import('../../functions/store/client.ts');
  db().middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return sent;
}

/** What `act` answers, and the requests in `sent` (from countStoreRequests) that the store sent while it ran. */
export async function counting<T>(sent: string[], act: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  sent.length = 0;
  const result = await act();
  return { result, requests: [...sent] };
}
