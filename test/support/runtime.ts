import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
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
import { freePort } from './dynamo.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

export interface StartOptions {
  readonly now?: string;
  readonly simulated?: boolean;
  readonly dataDir?: string;
  readonly port?: number;
  /** More options for local/main.ts (e.g. `--host 0.0.0.0`). */
  readonly args?: readonly string[];
}

/**
 * The local runtime as a child process, exactly as `npm start` runs it, driven over real HTTP.
 */
export class RuntimeProcess {
  private child: ChildProcess | undefined;
  private stepFunctions: SFNClient | undefined;
  private documentClient: DynamoDBDocumentClient | undefined;
  output = '';
  readonly dataDir: string;
  port = 0;
  stepFunctionsPort = 0;
  dynamoPort = 0;

  constructor(dataDir?: string) {
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'xiaoneng-e2e-'));
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

  async start(options: StartOptions = {}): Promise<void> {
    this.output = '';
    this.closeClients(); // the ports change with every start
    this.port = options.port ?? (await freePort());
    this.stepFunctionsPort = await freePort();
    this.dynamoPort = await freePort();
    const dynamoPort = this.dynamoPort;
    const args = ['--import', 'tsx', 'local/main.ts', '--data-dir', this.dataDir];
    if (options.simulated ?? true) args.push('--simulated-clock');
    if (options.now) args.push('--now', options.now);
    args.push(...(options.args ?? []));
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(this.port),
        DYNAMODB_PORT: String(dynamoPort),
        STEPFUNCTIONS_PORT: String(this.stepFunctionsPort),
        POWERTOOLS_LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'WARN',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    const deadline = Date.now() + 60_000;
    while (!this.output.includes('local runtime ready')) {
      if (child.exitCode !== null) throw new Error(`runtime exited ${child.exitCode}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`runtime not ready in 60 s:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the process: SIGTERM for a clean stop, SIGKILL for a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    // E2E_RUNTIME_LOG=<file>: keep what the runtime printed (errors behind a 500 quote their id there).
    if (process.env.E2E_RUNTIME_LOG) appendFileSync(process.env.E2E_RUNTIME_LOG, this.output);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    this.child = undefined;
    this.closeClients();
  }

  /** A DynamoDB document client for this runtime's dynalite (to look past the API, or to tamper on purpose). */
  documents(): DynamoDBDocumentClient {
    this.documentClient ??= DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: `http://127.0.0.1:${this.dynamoPort}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    return this.documentClient;
  }

  /** A Step Functions client for this runtime's endpoint, as an operator's `aws stepfunctions` would use it. */
  sfn(): SFNClient {
    this.stepFunctions ??= new SFNClient({
      endpoint: `http://127.0.0.1:${this.stepFunctionsPort}`,
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
    options: { department?: string; sub?: string; expiresInSeconds?: number; issuedAt?: number } = {},
  ): Promise<string> {
    const issuedAt = options.issuedAt === undefined ? undefined : Math.floor(options.issuedAt / 1000);
    return signLocalToken(
      localKey(this.dataDir),
      {
        role,
        sub: options.sub ?? `${role}-${options.department ?? 'e2e'}`,
        ...(options.department ? { department: options.department } : {}),
        expiresInSeconds: options.expiresInSeconds ?? 2 * 366 * 24 * 3600,
      },
      issuedAt,
    );
  }

  async call(
    method: string,
    path: string,
    options: {
      token?: string;
      body?: unknown;
      headers?: Record<string, string>;
      /** `/_local/*` calls carry the data folder's local secret unless this is false. */
      localSecret?: false;
    } = {},
  ) {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(path.startsWith('/_local/') && options.localSecret !== false
          ? { [LOCAL_SECRET_HEADER]: localSecret(this.dataDir) }
          : {}),
        ...options.headers,
      },
      ...(options.body !== undefined
        ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
        : {}),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON that each test inspects field by field
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  /** `npm run verify-timelines` against this runtime's DynamoDB and data folder (its anchors): exit code and output. */
  async verifyTimelines(): Promise<{ code: number; stdout: string }> {
    return promisify(execFile)(process.execPath, ['--import', 'tsx', 'tools/verify-timelines.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: `http://127.0.0.1:${this.dynamoPort}`,
        XIAONENG_DATA_DIR: this.dataDir,
      },
    }).then(
      (ok) => ({ code: 0, stdout: ok.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
  }

  async advance(seconds: number): Promise<string> {
    const r = await this.call('POST', '/_local/clock/advance', { body: { seconds } });
    if (r.status !== 200) throw new Error(`advance failed ${r.status}: ${r.text}`);
    return r.json.now as string;
  }

  async now(): Promise<string> {
    return (await this.call('GET', '/_local/clock')).json.now as string;
  }
}
