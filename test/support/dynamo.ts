import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { allTables } from '../../functions/store/tables.ts';
import { ensureTables, type LocalDynamo, localTableName, startDynamo } from '../../local/dynamodb.ts';
import { temporaryFolder } from './temporary.ts';

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

/** A real dynalite with every table of the spec, and the handler environment pointed at it. */
export async function startTestDynamo(): Promise<LocalDynamo> {
  const dir = temporaryFolder('dynamo');
  const dynamo = await startDynamo(dir, await freePort());
  await ensureTables(dynamo.url);
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
