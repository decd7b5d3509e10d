import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_SECRET_HEADER, localKey, localSecret, signLocalToken } from '../../local/auth.ts';
import { RUNTIME_V8_FLAGS } from '../../local/memory.ts';
import { dropTables, externalTestDynamo, freePort } from './dynamo.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Names the runtime bundle a test run built (test/setup/runtime-bundle.ts); unset, runtimes run from source. */
export const RUNTIME_BUNDLE_VARIABLE = 'XIAONENG_RUNTIME_BUNDLE';

export interface StartOptions {
  /** Where the simulated clock starts, ISO 8601 with offset. */
  readonly now?: string;
  /** `--simulated-clock` (the default); false runs on the real clock. */
  readonly simulated?: boolean;
  readonly port?: number;
  /** More options for local/main.ts (e.g. `--host 0.0.0.0`). */
  readonly args?: readonly string[];
  /** Node options placed before the script: heap, inspect or profile flags (the bench's BENCH_CHILD_NODE_ARGS). */
  readonly nodeArgs?: readonly string[];
  /** More `--import` modules for the child (instrumentation such as the bench's DynamoDB request counter). */
  readonly imports?: readonly string[];
  /** Environment on top of this process's and the ports (POWERTOOLS_LOG_LEVEL among them). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the runtime may take to say it is ready (default 60 s). */
  readonly readyWithinMs?: number;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** `/_local/*` calls carry the data folder's local secret unless this is false. */
  readonly localSecret?: false;
}

/** The runtime keeps this much of its children's output (the tail), so a long bench run does not grow without end. */
const OUTPUT_LIMIT = 1_000_000;

/**
 * The local runtime as a child process, exactly as `npm start` runs it, driven over real HTTP; the one helper of the
 * tests and the bench (bench/support/runtime.ts adds its keep-alive transport).
 *
 * The data folder is the helper's unless the caller passes one: `dispose()` stops the runtime and removes it, also
 * after a SIGKILL (a killed runtime cannot clean up after itself; whoever started it does). `stop()` leaves the
 * folder, for a restart on the same data.
 */
export class RuntimeProcess {
  private child: ChildProcess | undefined;
  private stepFunctions: SFNClient | undefined;
  private documentClient: DynamoDBDocumentClient | undefined;
  private readonly ownsDataDir: boolean;
  output = '';
  /** How often the simulated clock moved on while work was still running (local/clock.ts settle cap). */
  settleWarnings = 0;
  readonly dataDir: string;
  port = 0;
  stepFunctionsPort = 0;
  dynamoPort = 0;

  /**
   * In `npm run test:dynamodb-local`: the run's DynamoDB Local, which the runtime uses instead of a dynalite of its
   * own (`--dynamodb-endpoint`), and the access key id of its database there — one per data folder, so a restart on
   * the same folder finds its tables as a dynalite's data folder would, and no two runtimes share a database.
   */
  readonly externalDynamo = externalTestDynamo();
  readonly dynamoAccessKeyId: string;

  constructor(dataDir?: string) {
    this.ownsDataDir = dataDir === undefined;
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'xiaoneng-runtime-'));
    this.dynamoAccessKeyId = this.externalDynamo
      ? `runtime${createHash('sha256').update(resolve(this.dataDir)).digest('hex').slice(0, 16)}`
      : 'local';
  }

  /** The runtime's process id (to pause it, as a loaded machine would). */
  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('the runtime is not running');
    return pid;
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  get dynamoUrl(): string {
    return this.externalDynamo ?? `http://127.0.0.1:${this.dynamoPort}`;
  }

  get stepFunctionsUrl(): string {
    return `http://127.0.0.1:${this.stepFunctionsPort}`;
  }

  /**
   * Starts the runtime on free ports. A port found free can still be taken before the runtime binds it (another test
   * worker's runtime): then the start is tried again on other ports, unless the caller chose the API's port.
   */
  async start(options: StartOptions = {}): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(options);
      } catch (error) {
        const taken = String((error as Error).message).includes('is already in use');
        if (!taken || options.port !== undefined || attempt >= 5) throw error;
      }
    }
  }

  /** Where a start looks for a free port (a test takes one first to prove the start tries again). */
  protected pickPort(): Promise<number> {
    return freePort();
  }

  private async startOnce(options: StartOptions): Promise<void> {
    this.output = '';
    this.closeClients(); // the ports change with every start
    this.port = options.port ?? (await this.pickPort());
    this.stepFunctionsPort = await this.pickPort();
    this.dynamoPort = await this.pickPort();
    // E2E_RUNTIME_NODE_ARGS: Node options for every runtime a test starts, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
    // to see where a test file's runtime spends its CPU (written when it stops).
    const fromEnvironment = process.env.E2E_RUNTIME_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
    // The V8 options `npm start` runs with (local/memory.ts says why), then the caller's.
    const args = [...RUNTIME_V8_FLAGS, ...fromEnvironment, ...(options.nodeArgs ?? [])];
    // The test run's bundle of local/main.ts (test/setup/runtime-bundle.ts) starts in a fraction of the time; with
    // modules to import first (the bench's instrumentation) or outside a test run, the runtime runs from source.
    const bundle = options.imports?.length ? undefined : process.env[RUNTIME_BUNDLE_VARIABLE];
    if (bundle) args.push(bundle);
    else {
      args.push('--import', 'tsx');
      for (const module of options.imports ?? []) args.push('--import', module);
      args.push('local/main.ts');
    }
    args.push('--data-dir', this.dataDir);
    if (options.simulated ?? true) args.push('--simulated-clock');
    if (options.now) args.push('--now', options.now);
    if (this.externalDynamo) args.push('--dynamodb-endpoint', this.externalDynamo);
    args.push(...(options.args ?? []));
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(this.port),
        DYNAMODB_PORT: String(this.dynamoPort),
        STEPFUNCTIONS_PORT: String(this.stepFunctionsPort),
        POWERTOOLS_LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'WARN',
        DYNAMODB_ACCESS_KEY_ID: this.dynamoAccessKeyId,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      this.settleWarnings += text.split('work still running after').length - 1;
      this.output = (this.output + text).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const readyWithin = options.readyWithinMs ?? 60_000;
    const deadline = Date.now() + readyWithin;
    while (!this.output.includes('local runtime ready')) {
      let failure: string | undefined;
      if (child.exitCode !== null) failure = `the local runtime exited (${child.exitCode}):\n${this.output}`;
      // Killed by a signal (an OOM kill, a stray pkill): exitCode stays null, and waiting out the deadline would
      // report it as slow, with nothing in its output to say why.
      else if (child.signalCode !== null)
        failure = `the local runtime was killed by ${child.signalCode} before it was ready:\n${this.output}`;
      else if (Date.now() > deadline)
        failure = `the local runtime was not ready in ${readyWithin / 1000} s:\n${this.output}`;
      if (failure) {
        await this.stop('SIGKILL'); // no child left behind
        throw new Error(failure);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the process: SIGTERM for a clean stop (SIGKILL after 20 s without an exit), SIGKILL for a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    // E2E_RUNTIME_LOG=<file>: keep what the runtime printed (errors behind a 500 quote their id there).
    if (process.env.E2E_RUNTIME_LOG) appendFileSync(process.env.E2E_RUNTIME_LOG, this.output);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    this.child = undefined;
    this.closeClients();
  }

  /** Stops the runtime and removes its data folder if the helper made it: every test file's and section's last step. */
  async dispose(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    if (this.ownsDataDir) {
      rmSync(this.dataDir, { recursive: true, force: true });
      // Its database in the shared DynamoDB Local goes with its folder.
      if (this.externalDynamo) await dropTables(this.externalDynamo, this.dynamoAccessKeyId);
    }
  }

  /** VmRSS and VmHWM of the child, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  }

  /** A DynamoDB document client for this runtime's dynalite (to look past the API, or to tamper on purpose). */
  documents(): DynamoDBDocumentClient {
    this.documentClient ??= DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: this.dynamoUrl,
        region: 'us-east-1',
        credentials: { accessKeyId: this.dynamoAccessKeyId, secretAccessKey: 'local' },
      }),
    );
    return this.documentClient;
  }

  /** A Step Functions client for this runtime's endpoint, as an operator's `aws stepfunctions` would use it. */
  sfn(): SFNClient {
    this.stepFunctions ??= new SFNClient({
      endpoint: this.stepFunctionsUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return this.stepFunctions;
  }

  /**
   * A case's clock execution as the console shows it: its status and the states it entered, in order.
   * @param machine ApprovalClock (execution named by the case id) or IntakeClock (`<case id>-intake`).
   */
  async clockOf(
    caseId: string,
    machine: 'ApprovalClock' | 'IntakeClock' = 'ApprovalClock',
  ): Promise<{ status: string | undefined; entered: string[]; lastState: string | undefined; events: HistoryEvent[] }> {
    const name = machine === 'IntakeClock' ? `${caseId}-intake` : caseId;
    const executionArn = `arn:aws:states:us-east-1:000000000000:execution:${machine}:${name}`;
    const described = await this.sfn().send(new DescribeExecutionCommand({ executionArn }));
    const history = await this.sfn().send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const events = history.events ?? [];
    const entered = events.flatMap((e) => (e.stateEnteredEventDetails?.name ? [e.stateEnteredEventDetails.name] : []));
    return { status: described.status, entered, lastState: entered.at(-1), events };
  }

  private closeClients(): void {
    this.stepFunctions?.destroy();
    this.stepFunctions = undefined;
    this.documentClient?.destroy();
    this.documentClient = undefined;
  }

  /** A token as `npm run token` makes it; `issuedAt` (epoch ms) lets a test expire it on the simulated clock. */
  async token(
    role: string,
    options: { department?: string; sub?: string; kind?: string; expiresInSeconds?: number; issuedAt?: number } = {},
  ): Promise<string> {
    const issuedAt = options.issuedAt === undefined ? undefined : Math.floor(options.issuedAt / 1000);
    return signLocalToken(
      localKey(this.dataDir),
      {
        role,
        sub: options.sub ?? `${role}-${options.department ?? 'e2e'}`,
        ...(options.department ? { department: options.department } : {}),
        ...(options.kind ? { kind: options.kind } : {}),
        expiresInSeconds: options.expiresInSeconds ?? 2 * 366 * 24 * 3600,
      },
      issuedAt,
    );
  }

  /** The headers of a request: JSON body, bearer token, and the local secret on `/_local/*` routes. */
  protected requestHeaders(path: string, options: CallOptions, body: string | undefined): Record<string, string> {
    return {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(path.startsWith('/_local/') && options.localSecret !== false
        ? { [LOCAL_SECRET_HEADER]: localSecret(this.dataDir) }
        : {}),
      ...options.headers,
    };
  }

  /** One HTTP request to the runtime (fetch); the body is JSON unless it is a string already. */
  async call(method: string, path: string, options: CallOptions = {}) {
    const body = requestBody(options.body);
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: this.requestHeaders(path, options, body),
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: parseJson(text), text };
  }

  /** `npm run verify-timelines` against this runtime's DynamoDB and data folder (its anchors): exit code and output. */
  async verifyTimelines(): Promise<{ code: number; stdout: string }> {
    return promisify(execFile)(process.execPath, ['--import', 'tsx', 'tools/verify-timelines.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: this.dynamoUrl,
        DYNAMODB_ACCESS_KEY_ID: this.dynamoAccessKeyId,
        XIAONENG_DATA_DIR: this.dataDir,
      },
    }).then(
      (ok) => ({ code: 0, stdout: ok.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
  }

  /** Moves the simulated clock; resolves once every piece of work due in the interval has run. */
  async advance(seconds: number): Promise<string> {
    const r = await this.call('POST', '/_local/clock/advance', { body: { seconds } });
    if (r.status !== 200) throw new Error(`advance failed ${r.status}: ${r.text}`);
    return r.json.now as string;
  }

  /** The simulated clock's now, ISO 8601 with offset. */
  async now(): Promise<string> {
    return (await this.call('GET', '/_local/clock')).json.now as string;
  }
}

/** A request body as sent: JSON unless it is a string already (to send malformed bodies on purpose). */
export function requestBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** A response body as JSON, or undefined when it is empty or not JSON. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON that each test inspects field by field
export function parseJson(text: string): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
