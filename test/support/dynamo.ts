import { createServer } from 'node:net';
import { allTables } from '../../functions/store/tables.ts';
import { ensureTables, type LocalDynamo, localTableName, startDynamo } from '../../local/dynamodb.ts';
import { temporaryFolder } from './temporary.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
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
