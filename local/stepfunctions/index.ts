// Local emulation of AWS Step Functions (Standard workflows) for `npm start` and the tests: it serves the Step
// Functions JSON 1.0 API over HTTP (so the real @aws-sdk/client-sfn and `aws stepfunctions --endpoint-url` work
// unchanged), interprets the ASL with its own engine (engine.ts: the JSONPath query language's states, Retry,
// Catch, Parallel and `.waitForTaskToken`), runs each Task by calling the handler registered for its Lambda ARN and
// keeps executions and their history on disk.
//
// Parked executions. An execution's run is data (engine.ts `RunState`). While it only waits — on a Wait's
// timestamp, a retry's back-off or a task token — it is kept as one JSON string and nothing else: no interpreter, no
// promise, no closure, no Node timer. Every timer of every execution is an entry of one heap, and the service holds
// ONE Node timer, for the earliest entry. A timer, a SendTask* or a function's return revives the run, moves it on
// and parks it again. So a pending approval clock costs about a kilobyte of JSON, and a simulated clock steps from one
// due instant to the next, not from one execution's timer to the next.
//
// Known limitations, on purpose:
// - Resume is not a true mid-state resume. After a restart, `start()` runs every execution that was RUNNING
//   again FROM ITS FIRST STATE with its original input (same ARN and start date, an `ExecutionRedriven` event in
//   its history). Our state machines are built for this: the first Task re-reads the case from the database and
//   Wait timestamps are absolute, so a deadline that passed while the process was down fires at once.
//   A state machine `TimeoutSeconds` therefore restarts its count on resume.
// - A Task without `TimeoutSeconds` times out after 60 s (AWS: never). HeartbeatSeconds is not enforced.
// - Map states, intrinsic functions and JSONata are refused when a definition is registered (definition.ts).
// - The token of a `.waitForTaskToken` task in a branch a Parallel stopped is accepted and ignored until the
//   execution ends (SendTask* answers success, nothing listens); then it is unknown (TaskDoesNotExist).
// - No time is read at module load: Date and setTimeout are looked up when used, so @sinonjs/fake-timers
//   installed after this module is loaded drives Wait states and task timeouts.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { analyseDefinition, type DefinitionInfo, MAX_TIMER_MS, type TaskStateInfo } from './definition.ts';
import { Engine, type RunHost, type RunState, type TimerKind } from './engine.ts';
import { lambdaFailure, SfnApiError, TaskFailure } from './errors.ts';
import { toJson } from './history.ts';
import type { Json } from './paths.ts';
import {
  type ExecutionFields,
  type ExecutionStatus,
  ExecutionStore,
  eventLine,
  type HistoryEvent,
  type LoadedExecution,
  setLine,
} from './store.ts';

export { SfnApiError } from './errors.ts';
export type { ExecutionRecord, ExecutionStatus, HistoryEvent } from './store.ts';

export type TaskFunction = (event: unknown) => Promise<unknown>;

export interface LocalStateMachine {
  readonly name: string;
  /** The ASL definition (JSONPath only: aws-local-stepfunctions ignores JSONata and `Assign`). */
  readonly definition: Record<string, unknown>;
}

export interface LocalLogger {
  info(msg: string, extra?: object): void;
  warn(msg: string, extra?: object): void;
  error(msg: string, extra?: object): void;
}

export interface LocalStepFunctionsOptions {
  /** Executions are persisted here, one JSON file each (created if missing). */
  readonly dataDir: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  readonly stateMachines: readonly LocalStateMachine[];
  /** Task handlers keyed by the Lambda function ARN as it appears in the ASL. */
  readonly functions: Readonly<Record<string, TaskFunction>>;
  /** @default console */
  readonly logger?: LocalLogger;
  /**
   * How many Task invocations may run at once before due timers wait their turn: the local stand-in for Lambda's
   * concurrency limit (AWS throttles the invocation and the Task retries; here the timer fires once a slot frees).
   * It bounds what a burst queues at once — ten thousand deadlines at one instant would otherwise revive ten
   * thousand runs and queue ten thousand invocations, with their store requests, between the threads at once.
   * @default DEFAULT_MAX_TASKS_IN_FLIGHT
   */
  readonly maxTasksInFlight?: number;
  /**
   * Whether a due deadline may start its run now, beside `maxTasksInFlight` (default: always). The runtime says no
   * while the stream readers are far behind (local/runtime.ts): what a burst's Tasks write becomes records queued in
   * memory for every reader of the table, and the Tasks run faster than the readers read. Held deadlines are looked at
   * again as Tasks end and, once none runs, every millisecond of real time.
   */
  readonly admits?: () => boolean;
}

/**
 * Not tuned: with 64 the 10,000-case month ran as fast as with no bound and peaked at a third of the RSS
 * (BENCHMARKS.md, 2026-12-05 fifth session); other values were not measured.
 */
export const DEFAULT_MAX_TASKS_IN_FLIGHT = 64;

interface RegisteredMachine {
  readonly name: string;
  readonly arn: string;
  /** The definition as registered, for DescribeStateMachine. */
  readonly definitionJson: string;
  readonly creationDate: number;
  readonly info: DefinitionInfo;
  /** One engine per machine: it keeps no execution's state; each execution's run is data (engine.ts). */
  readonly engine: Engine;
  /** The state machine's `TimeoutSeconds`, if any. */
  readonly timeoutSeconds?: number;
}

/**
 * What stays in memory of every execution: what ListExecutions shows, and nothing else once it has ended. The
 * rest (input, output, error, history) is in its journal on disk, read when DescribeExecution or
 * GetExecutionHistory asks for it.
 */
interface ExecutionSummary {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  status: ExecutionStatus;
  readonly startDate: number;
  stopDate?: number;
  redriveCount: number;
  redriveDate?: number;
  /** Present exactly while the execution is RUNNING. */
  live?: LiveExecution;
}

/** What a RUNNING execution keeps in memory besides its summary (its history is in its journal). */
interface LiveExecution {
  readonly input: string;
  finalState?: string;
  /** Events recorded so far, on disk or in `unsaved`: the next event's id is `eventCount + 1`. */
  eventCount: number;
  /** Journal lines recorded but not written yet (see `saveSoon`). */
  unsaved: string;
  /** The run while it moves (a function in flight, a step being taken)… */
  run?: RunState;
  /** …or, while it only waits, the same run as one JSON string: a parked execution holds no object tree. */
  parked?: string;
  /** The engine's view of the service for this execution, while its run is live. */
  host?: RunHost;
  /** Its armed timers (entries of the service's one heap), to disarm. */
  timers?: TimerEntry[];
}

/** One timer of one execution's branch (`leaf`), or of the execution itself (EXECUTION_TIMER). */
interface TimerEntry {
  readonly at: number;
  readonly seq: number;
  readonly execution: ExecutionSummary;
  readonly leaf: number;
  readonly kind: TimerKind;
  /** Disarmed: left in the heap, skipped when it comes up. */
  cancelled: boolean;
}

/** The leaf id of the execution-wide timer (a state machine's TimeoutSeconds); leaf ids start at 1. */
const EXECUTION_TIMER = 0;

const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/;
const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const MAX_INPUT_BYTES = 256 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;
const TOKEN_PREFIX = 'LSFN';
const UNTRUNCATED = { truncated: false };

// Captured at load, before any fake clock (vitest's fakes setImmediate): writing files is not a matter of time.
const realSetImmediate = globalThis.setImmediate;
// Likewise: a look again at held deadlines (`fireHeld`) waits in real time while simulated time stands still.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const seconds = (ms: number): number => ms / 1000;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** An execution ARN ends with its name (names have no colon). */
const executionName = (executionArn: string): string => executionArn.slice(executionArn.lastIndexOf(':') + 1);

const consoleLogger: LocalLogger = {
  info: (msg, extra) => console.log(`[stepfunctions] ${msg}`, extra ?? ''),
  warn: (msg, extra) => console.warn(`[stepfunctions] ${msg}`, extra ?? ''),
  error: (msg, extra) => console.error(`[stepfunctions] ${msg}`, extra ?? ''),
};

/** A task token names its execution, so a late signal can be told apart from a malformed one. */
function mintToken(executionArn: string): string {
  const body = JSON.stringify([executionArn, randomBytes(16).toString('hex')]);
  return TOKEN_PREFIX + Buffer.from(body).toString('base64url');
}

function tokenExecution(token: string): string | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const body = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
    return Array.isArray(body) && typeof body[0] === 'string' && typeof body[1] === 'string' ? body[0] : undefined;
  } catch {
    return undefined;
  }
}

/** What crosses a Lambda boundary is JSON: no shared references, no undefined, Dates as strings. */
function throughJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

// ---- request parameter helpers ----------------------------------------------------------------------------

function requiredString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new SfnApiError('ValidationException', `1 validation error detected: '${key}' must be a non-empty string`);
  }
  return value;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new SfnApiError('ValidationException', `'${key}' must be a string`);
  return value;
}

export class LocalStepFunctions {
  /** The HTTP handler `listen()` serves, for embedding in another server. */
  readonly requestListener: (req: IncomingMessage, res: ServerResponse) => void;

  private readonly region: string;
  private readonly accountId: string;
  private readonly functions: Readonly<Record<string, TaskFunction>>;
  private readonly logger: LocalLogger;
  private readonly store: ExecutionStore;
  private readonly machines = new Map<string, RegisteredMachine>();
  /** Every known execution by ARN, in start order. */
  private readonly executions = new Map<string, ExecutionSummary>();
  /** Every armed timer of every execution; one Node timer (`armed`) waits for the earliest. */
  private readonly timers = new TimerHeap();
  private timerSeq = 0;
  private armed: { at: number; handle: ReturnType<typeof setTimeout> } | undefined;
  private server: Server | undefined;
  private active = 0;
  /** Task invocations running now (`callFunction`), against `maxTasksInFlight`. */
  private tasks = 0;
  /** A look again at held deadlines that no Task's end will make (`fireHeld`). */
  private recheck: ReturnType<typeof setTimeout> | undefined;
  /** Task invocations that have returned, ever (`completed`). */
  private returned = 0;
  private readonly maxTasksInFlight: number;
  private readonly admits: () => boolean;
  /** Timers that came due while `maxTasksInFlight` tasks ran, oldest first: fired as tasks end (`refill`). */
  private readonly held: TimerEntry[] = [];
  private refillQueued = false;
  /** RUNNING executions whose progress is not on disk yet: written together once per turn of the event loop. */
  private readonly unsaved = new Set<ExecutionSummary>();
  private started = false;
  private closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.functions = options.functions;
    this.logger = options.logger ?? consoleLogger;
    this.maxTasksInFlight = options.maxTasksInFlight ?? DEFAULT_MAX_TASKS_IN_FLIGHT;
    this.admits = options.admits ?? (() => true);
    for (const machine of options.stateMachines) {
      if (!EXECUTION_NAME.test(machine.name)) {
        throw new Error(`State machine name "${machine.name}" must be 1-80 characters of [A-Za-z0-9_-]`);
      }
      if (this.machines.has(machine.name)) throw new Error(`State machine "${machine.name}" is registered twice`);
      const info = analyseDefinition(machine.name, machine.definition);
      for (const warning of info.warnings) this.logger.warn(`State machine "${machine.name}": ${warning}`);
      this.machines.set(machine.name, {
        name: machine.name,
        arn: this.stateMachineArn(machine.name),
        definitionJson: JSON.stringify(machine.definition),
        creationDate: Date.now(),
        info,
        engine: new Engine(info.runnable, info.tasks),
        ...(typeof machine.definition.TimeoutSeconds === 'number'
          ? { timeoutSeconds: machine.definition.TimeoutSeconds }
          : {}),
      });
    }
    this.store = new ExecutionStore(options.dataDir);
    this.requestListener = (req, res) => this.handleHttp(req, res);
  }

  /**
   * Loads the persisted executions and runs every RUNNING one again from its first state. Call it before serving
   * requests: until then the service does not know the executions on disk.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const loaded = this.store.loadAll((file, error) =>
      this.logger.warn('Skipping an unreadable execution file', { file, error: String(error) }),
    );
    loaded.sort((a, b) => a.startDate - b.startDate);
    const toResume: ExecutionSummary[] = [];
    for (const execution of loaded) {
      if (this.executions.has(execution.executionArn)) continue;
      const summary = this.summaryOf(execution);
      this.executions.set(summary.executionArn, summary);
      if (summary.status === 'RUNNING') toResume.push(summary);
    }
    for (const summary of toResume) {
      const machine = this.machines.get(summary.stateMachineName);
      if (!machine) {
        this.logger.error('Cannot resume an execution: its state machine is not registered', {
          executionArn: summary.executionArn,
        });
        continue;
      }
      this.resume(summary, machine);
    }
  }

  /** Serves the Step Functions JSON 1.0 API on `http://host:port` (port 0 picks a free one). */
  async listen(port: number, host = '127.0.0.1'): Promise<{ url: string; address: AddressInfo }> {
    if (this.server) throw new Error('LocalStepFunctions is already listening');
    const server = createServer(this.requestListener);
    // Idle keep-alive connections stay open: closing them (Node's default, after 5 s of real time) races with the SDK
    // reusing them, and the SDK's retry backoff runs on the process clock, which may be simulated and standing still.
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    const shownHost = ['0.0.0.0', '::'].includes(address.address)
      ? 'localhost'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
    return { url: `http://${shownHost}:${address.port}`, address };
  }

  /** Dispatches an API action in-process, as the HTTP endpoint does. Errors are `SfnApiError`s named by code. */
  // biome-ignore lint/suspicious/noExplicitAny: each action answers its own JSON shape, as over HTTP
  async call(action: string, body: unknown): Promise<any> {
    this.active++;
    try {
      return this.dispatch(action, isObject(body) ? body : {});
    } finally {
      this.active--;
    }
  }

  /**
   * Task handler invocations and API requests being processed right now (pending task tokens wait for an outside
   * signal and do not count). A simulated clock advances timer by timer and waits for this to reach 0.
   */
  inFlight(): number {
    return this.active + this.held.length + (this.unsaved.size > 0 ? 1 : 0);
  }

  /** Task invocations that have returned so far (only grows): the simulated clock's sign that a burst gets on. */
  completed(): number {
    return this.returned;
  }

  /** How many executions are RUNNING, how many of those are parked, and how many timers are armed. */
  stats(): { running: number; parked: number; timers: number } {
    let running = 0;
    let parked = 0;
    let timers = 0;
    for (const execution of this.executions.values()) {
      if (!execution.live) continue;
      running++;
      if (execution.live.parked !== undefined) parked++;
      timers += execution.live.timers?.length ?? 0;
    }
    return { running, parked, timers };
  }

  /** Stops serving and abandons the running executions without ending them: the next `start()` resumes them. */
  async close(): Promise<void> {
    this.closed = true;
    // The runs are abandoned where they stand (RUNNING on disk); function calls still in flight are ignored.
    if (this.armed) clearTimeout(this.armed.handle);
    this.armed = undefined;
    if (this.recheck) realClearTimeout(this.recheck);
    this.recheck = undefined;
    this.saveUnsaved();
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  // ---- HTTP ---------------------------------------------------------------------------------------------

  private handleHttp(req: IncomingMessage, res: ServerResponse): void {
    this.active++;
    let counted = true;
    const done = () => {
      if (counted) {
        counted = false;
        this.active--;
      }
    };
    res.once('finish', done);
    res.once('close', done);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', done);
    req.on('end', () => {
      let status = 200;
      let payload: unknown;
      let errorType: string | undefined;
      try {
        // SigV4 headers are accepted and not checked.
        if (req.method !== 'POST') throw new SfnApiError('UnknownOperationException', 'Only POST / is served');
        if (size > MAX_BODY_BYTES) throw new SfnApiError('ValidationException', 'Request body too large');
        const target = req.headers['x-amz-target'];
        const prefix = 'AWSStepFunctions.';
        if (typeof target !== 'string' || !target.startsWith(prefix)) {
          throw new SfnApiError('UnknownOperationException', 'Missing or unknown X-Amz-Target header');
        }
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text.trim() === '' ? {} : JSON.parse(text);
        } catch {
          throw new SfnApiError('SerializationException', 'The request body is not valid JSON');
        }
        payload = this.dispatch(target.slice(prefix.length), isObject(body) ? body : {});
      } catch (error) {
        const apiError = this.toApiError(error);
        status = apiError.statusCode;
        errorType = apiError.code;
        payload = { __type: apiError.code, message: apiError.message };
      }
      const text = JSON.stringify(payload ?? {});
      res.writeHead(status, {
        'Content-Type': 'application/x-amz-json-1.0',
        'Content-Length': Buffer.byteLength(text),
        // Read from the (possibly simulated) clock: the AWS SDK corrects "clock skew" from this header.
        Date: new Date().toUTCString(),
        'x-amzn-RequestId': randomUUID(),
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(text);
    });
  }

  private toApiError(error: unknown): SfnApiError {
    if (error instanceof SfnApiError) return error;
    this.logger.error('Step Functions API request failed', { error: String((error as Error)?.stack ?? error) });
    return new SfnApiError('InternalFailure', 'Internal error in the local Step Functions service', 500);
  }

  // ---- API ----------------------------------------------------------------------------------------------

  private dispatch(action: string, body: Record<string, unknown>): unknown {
    if (this.closed) throw new SfnApiError('ServiceUnavailable', 'The local Step Functions service is closed', 503);
    switch (action) {
      case 'ListStateMachines':
        return this.listStateMachines(body);
      case 'DescribeStateMachine':
        return this.describeStateMachine(body);
      case 'DescribeStateMachineForExecution':
        return this.describeStateMachineForExecution(body);
      case 'StartExecution':
        return this.startExecution(body);
      case 'DescribeExecution':
        this.saveUnsaved();
        return this.describeExecution(body);
      case 'ListExecutions':
        this.saveUnsaved();
        return this.listExecutions(body);
      case 'GetExecutionHistory':
        this.saveUnsaved();
        return this.getExecutionHistory(body);
      case 'StopExecution':
        return this.stopExecution(body);
      case 'SendTaskSuccess':
        return this.sendTaskSuccess(body);
      case 'SendTaskFailure':
        return this.sendTaskFailure(body);
      case 'SendTaskHeartbeat':
        // No heartbeat timeouts locally (HeartbeatSeconds is not enforced): just check the token.
        this.answerToken(requiredString(body, 'taskToken'));
        return {};
      default:
        throw new SfnApiError('UnknownOperationException', `The local Step Functions service does not serve ${action}`);
    }
  }

  private listStateMachines(body: Record<string, unknown>) {
    const machines = [...this.machines.values()].map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: seconds(machine.creationDate),
    }));
    const { page, nextToken } = this.paginate(machines, body, 'ListStateMachines');
    return { stateMachines: page, ...(nextToken ? { nextToken } : {}) };
  }

  private describeStateMachine(body: Record<string, unknown>) {
    const machine = this.machineByArn(requiredString(body, 'stateMachineArn'));
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definitionJson,
      roleArn: this.roleArn(),
      type: 'STANDARD',
      creationDate: seconds(machine.creationDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  private describeStateMachineForExecution(body: Record<string, unknown>) {
    const record = this.executionByArn(requiredString(body, 'executionArn'));
    const machine = this.machineByArn(record.stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      definition: machine.definitionJson,
      roleArn: this.roleArn(),
      updateDate: seconds(machine.creationDate),
    };
  }

  private startExecution(body: Record<string, unknown>) {
    const machine = this.machineByArn(requiredString(body, 'stateMachineArn'));
    const name = optionalString(body, 'name') ?? randomUUID();
    if (!EXECUTION_NAME.test(name)) {
      throw new SfnApiError('InvalidName', `Invalid Name: '${name}' (1-80 characters of A-Z a-z 0-9 _ -)`);
    }
    const input = optionalString(body, 'input') ?? '{}';
    if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
      throw new SfnApiError('InvalidExecutionInput', 'The execution input exceeds 262144 bytes');
    }
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(input);
    } catch {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
    }
    const executionArn = this.executionArn(machine.name, name);
    const existing = this.executions.get(executionArn);
    if (existing) {
      // AWS: StartExecution is idempotent for the same name and input while that execution runs.
      if (existing.live && isDeepStrictEqual(JSON.parse(existing.live.input), parsedInput)) {
        return { executionArn, startDate: seconds(existing.startDate) };
      }
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const live: LiveExecution = { input, eventCount: 0, unsaved: '' };
    const execution: ExecutionSummary = {
      executionArn,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      status: 'RUNNING',
      startDate: Date.now(),
      redriveCount: 0,
      live,
    };
    this.append(execution, 'ExecutionStarted', {
      executionStartedEventDetails: { input, inputDetails: UNTRUNCATED, roleArn: this.roleArn() },
    });
    // Created whole, with its first event, before anyone is told about it.
    this.store.create({ ...execution, name, input }, live.unsaved);
    live.unsaved = '';
    this.executions.set(executionArn, execution);
    this.launch(execution, machine);
    return { executionArn, startDate: seconds(execution.startDate) };
  }

  private describeExecution(body: Record<string, unknown>) {
    const summary = this.executionByArn(requiredString(body, 'executionArn'));
    const record = summary.live
      ? {
          ...summary,
          ...summary.live,
          name: executionName(summary.executionArn),
          output: undefined,
          error: undefined,
          cause: undefined,
        }
      : this.store.describe(summary.stateMachineName, executionName(summary.executionArn));
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: seconds(record.startDate),
      ...(record.stopDate !== undefined ? { stopDate: seconds(record.stopDate) } : {}),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
      redriveCount: record.redriveCount,
      ...(record.redriveDate !== undefined ? { redriveDate: seconds(record.redriveDate) } : {}),
      // Not in the AWS API (the SDK ignores it): the top-level state the execution is in or ended in.
      ...(record.finalState !== undefined ? { localFinalState: record.finalState } : {}),
    };
  }

  private listExecutions(body: Record<string, unknown>) {
    const machineArn = optionalString(body, 'stateMachineArn');
    // AWS requires stateMachineArn (or a mapRunArn); locally, leaving it out lists every execution.
    const machine = machineArn === undefined ? undefined : this.machineByArn(machineArn);
    const statusFilter = optionalString(body, 'statusFilter');
    if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
      throw new SfnApiError('ValidationException', `Invalid statusFilter '${statusFilter}'`);
    }
    const matching = [...this.executions.values()]
      .reverse()
      .filter((record) => !machine || record.stateMachineArn === machine.arn)
      .filter((record) => !statusFilter || record.status === statusFilter)
      .sort((a, b) => b.startDate - a.startDate);
    const { page, nextToken } = this.paginate(matching, body, 'ListExecutions');
    return {
      executions: page.map((record) => ({
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: executionName(record.executionArn),
        status: record.status,
        startDate: seconds(record.startDate),
        ...(record.stopDate !== undefined ? { stopDate: seconds(record.stopDate) } : {}),
        redriveCount: record.redriveCount,
        ...(record.redriveDate !== undefined ? { redriveDate: seconds(record.redriveDate) } : {}),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  private getExecutionHistory(body: Record<string, unknown>) {
    const summary = this.executionByArn(requiredString(body, 'executionArn'));
    const includeData = body.includeExecutionData !== false;
    const { history } = this.store.read(summary.stateMachineName, executionName(summary.executionArn));
    const events = body.reverseOrder === true ? history.reverse() : history;
    const { page, nextToken } = this.paginate(events, body, 'GetExecutionHistory');
    return {
      events: page.map((event) => {
        const wire: Record<string, unknown> = { ...event, timestamp: seconds(event.timestamp) };
        if (!includeData) {
          for (const [key, value] of Object.entries(wire)) {
            if (key.endsWith('EventDetails') && isObject(value)) {
              const { input: _input, output: _output, parameters: _parameters, ...rest } = value;
              wire[key] = rest;
            }
          }
        }
        return wire;
      }),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  private stopExecution(body: Record<string, unknown>) {
    const record = this.executionByArn(requiredString(body, 'executionArn'));
    const error = optionalString(body, 'error');
    const cause = optionalString(body, 'cause');
    if (record.status === 'RUNNING') {
      this.stopRun(record);
      this.finish(record, 'ABORTED', { error, cause }, 'ExecutionAborted', {
        executionAbortedEventDetails: { ...(error ? { error } : {}), ...(cause ? { cause } : {}) },
      });
    }
    return { stopDate: seconds(record.stopDate ?? Date.now()) };
  }

  private sendTaskSuccess(body: Record<string, unknown>) {
    const token = requiredString(body, 'taskToken');
    const output = requiredString(body, 'output');
    let parsed: Json;
    try {
      parsed = JSON.parse(output) as Json;
    } catch {
      throw new SfnApiError('InvalidOutput', 'Invalid task output: not valid JSON');
    }
    this.answerToken(token, { ok: true, value: parsed });
    return {};
  }

  private sendTaskFailure(body: Record<string, unknown>) {
    const token = requiredString(body, 'taskToken');
    const error = optionalString(body, 'error');
    const cause = optionalString(body, 'cause');
    // The error name is what the ASL's Retry/Catch match on.
    this.answerToken(token, { ok: false, error: error ?? 'States.TaskFailed', cause: cause ?? '' });
    return {};
  }

  /**
   * Settles a pending token (`outcome`) or, without one, only checks it (SendTaskHeartbeat). A token names its
   * execution; the execution's run says whether the token is still awaited.
   */
  private answerToken(
    token: string,
    outcome?: { ok: true; value: Json } | { ok: false; error: string; cause: string },
  ): void {
    const executionArn = tokenExecution(token);
    if (!executionArn) throw new SfnApiError('InvalidToken', 'Invalid Token: not a task token of this service');
    const execution = this.executions.get(executionArn);
    const machine = execution && this.machines.get(execution.stateMachineName);
    const run = execution && machine ? this.revive(execution) : undefined;
    if (!execution || !machine || !run) {
      throw new SfnApiError('TaskDoesNotExist', 'Task does not exist anymore (its execution or task has ended)');
    }
    const status = machine.engine.tokenStatus(run, token);
    if (typeof status === 'object') {
      if (outcome) machine.engine.answer(run, this.hostOf(execution, machine), status.pending, outcome);
      this.settle(execution, machine);
      return;
    }
    this.settle(execution, machine);
    if (status === 'timedOut') throw new SfnApiError('TaskTimedOut', 'Task Timed Out');
    // A branch a Parallel stopped: AWS keeps its token until the execution ends, and nothing listens to it.
    if (status === 'orphaned') return;
    throw new SfnApiError('TaskDoesNotExist', 'Task does not exist anymore (its execution or task has ended)');
  }

  // ---- lookups and ARNs ---------------------------------------------------------------------------------

  private stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  private executionArn(machineName: string, name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:execution:${machineName}:${name}`;
  }

  private roleArn(): string {
    return `arn:aws:iam::${this.accountId}:role/local-stepfunctions`;
  }

  private machineByArn(arn: string): RegisteredMachine {
    const machine = [...this.machines.values()].find((candidate) => candidate.arn === arn);
    if (machine) return machine;
    if (!STATE_MACHINE_ARN.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  }

  private executionByArn(arn: string): ExecutionSummary {
    const record = this.executions.get(arn);
    if (record) return record;
    if (!EXECUTION_ARN.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  }

  private paginate<T>(items: readonly T[], body: Record<string, unknown>, kind: string) {
    const maxResults = body.maxResults ?? 0;
    if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) {
      throw new SfnApiError('ValidationException', "'maxResults' must be an integer from 0 to 1000");
    }
    const size = maxResults || 100;
    let offset = 0;
    const token = optionalString(body, 'nextToken');
    if (token !== undefined) {
      try {
        const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
        if (decoded.kind !== kind || !Number.isInteger(decoded.offset) || decoded.offset < 0) throw new Error();
        offset = decoded.offset;
      } catch {
        throw new SfnApiError('InvalidToken', 'Invalid nextToken');
      }
    }
    const end = offset + size;
    const nextToken =
      end < items.length ? Buffer.from(JSON.stringify({ kind, offset: end })).toString('base64url') : undefined;
    return { page: items.slice(offset, end), nextToken };
  }

  // ---- executions ---------------------------------------------------------------------------------------

  /** A summary for an execution found on disk; RUNNING ones keep what their run needs. */
  private summaryOf(execution: LoadedExecution): ExecutionSummary {
    const machine = this.machines.get(execution.stateMachineName);
    const summary: ExecutionSummary = {
      executionArn: execution.executionArn,
      // Shared with the registered machine rather than one copy per execution.
      stateMachineArn: machine?.arn === execution.stateMachineArn ? machine.arn : execution.stateMachineArn,
      stateMachineName: machine?.name ?? execution.stateMachineName,
      status: execution.status,
      startDate: execution.startDate,
      redriveCount: execution.redriveCount,
    };
    if (execution.stopDate !== undefined) summary.stopDate = execution.stopDate;
    if (execution.redriveDate !== undefined) summary.redriveDate = execution.redriveDate;
    if (execution.status === 'RUNNING') {
      summary.live = {
        input: execution.input,
        eventCount: execution.eventCount,
        unsaved: '',
        ...(execution.finalState !== undefined ? { finalState: execution.finalState } : {}),
      };
    }
    return summary;
  }

  private liveOf(summary: ExecutionSummary): LiveExecution {
    if (!summary.live) throw new Error(`${summary.executionArn} is not running: its journal is closed`);
    return summary.live;
  }

  /** The execution's next history event. */
  private nextEvent(summary: ExecutionSummary, type: string, details?: Record<string, unknown>, at = Date.now()) {
    const id = ++this.liveOf(summary).eventCount;
    const event: HistoryEvent = { timestamp: at, type, id, previousEventId: id - 1, ...details };
    return event;
  }

  /** Records a history event in the execution's journal (written by `saveSoon` or `saveNow`). */
  private append(summary: ExecutionSummary, type: string, details?: Record<string, unknown>): void {
    const event = this.nextEvent(summary, type, details);
    this.liveOf(summary).unsaved += eventLine(event);
  }

  /** Records a change of the execution's fields in its journal, with the event that records it if any. */
  private set(summary: ExecutionSummary, fields: Partial<ExecutionFields>, event?: HistoryEvent): void {
    this.liveOf(summary).unsaved += setLine(fields, event);
  }

  /** A final status is on disk before anyone is told about it. */
  private saveNow(summary: ExecutionSummary): void {
    this.unsaved.delete(summary);
    this.write(summary);
  }

  /**
   * A RUNNING execution's progress is appended to its journal at the end of this turn of the event loop, once for
   * all the events of the turn (a resume adds a dozen events to each RUNNING execution at once), or sooner when
   * the API is asked about executions (DescribeExecution, GetExecutionHistory, ListExecutions flush first): what
   * the API has reported is on disk. A SIGKILL can thus only lose the events of the current turn, which nobody has
   * seen; and losing them costs nothing anyway, since a RUNNING execution is run again from its start on the next
   * start. `inFlight()` counts the pending write, so a simulated clock waits for it.
   */
  private saveSoon(summary: ExecutionSummary): void {
    if (this.unsaved.size === 0) realSetImmediate(() => this.saveUnsaved());
    this.unsaved.add(summary);
  }

  private saveUnsaved(): void {
    for (const summary of this.unsaved) this.write(summary);
    this.unsaved.clear();
  }

  private write(summary: ExecutionSummary): void {
    const live = summary.live;
    if (!live || live.unsaved === '') return;
    const lines = live.unsaved;
    live.unsaved = '';
    this.store.append(summary.stateMachineName, executionName(summary.executionArn), lines);
  }

  private resume(execution: ExecutionSummary, machine: RegisteredMachine): void {
    execution.redriveCount += 1;
    execution.redriveDate = Date.now();
    this.set(
      execution,
      { redriveCount: execution.redriveCount, redriveDate: execution.redriveDate },
      this.nextEvent(execution, 'ExecutionRedriven', {
        executionRedrivenEventDetails: { redriveCount: execution.redriveCount },
      }),
    );
    this.saveSoon(execution);
    this.logger.info('Resuming a running execution from its first state after a restart', {
      executionArn: execution.executionArn,
      resumeCount: execution.redriveCount,
    });
    this.launch(execution, machine);
  }

  private launch(execution: ExecutionSummary, machine: RegisteredMachine): void {
    const live = this.liveOf(execution);
    const host = this.hostOf(execution, machine);
    if (machine.timeoutSeconds !== undefined) {
      this.arm(execution, EXECUTION_TIMER, 'timeout', Date.now() + machine.timeoutSeconds * 1000);
    }
    live.run = machine.engine.start(host);
    this.settle(execution, machine);
  }

  /**
   * After each step: a run that waits only on timers and tokens is parked — kept as one JSON string, no object
   * tree, no closure — until a timer, a token or a function's return revives it.
   */
  private settle(execution: ExecutionSummary, machine: RegisteredMachine): void {
    const live = execution.live;
    if (!live?.run) return;
    if (!machine.engine.busy(live.run)) {
      live.parked = JSON.stringify(live.run);
      live.run = undefined;
      live.host = undefined;
    }
  }

  /** The execution's run, revived from its parked form if need be. */
  private revive(execution: ExecutionSummary): RunState | undefined {
    const live = execution.live;
    if (!live) return undefined;
    if (!live.run && live.parked !== undefined) {
      live.run = JSON.parse(live.parked) as RunState;
      live.parked = undefined;
    }
    return live.run;
  }

  private hostOf(execution: ExecutionSummary, machine: RegisteredMachine): RunHost {
    const live = this.liveOf(execution);
    if (live.host) return live.host;
    const { executionArn } = execution;
    const host: RunHost = {
      executionArn,
      executionName: executionName(executionArn),
      get input() {
        return JSON.parse(live.input) as Json;
      },
      startTime: execution.startDate,
      redriveCount: execution.redriveCount,
      roleArn: this.roleArn(),
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      region: this.region,
      append: (type, details) => {
        if (execution.live !== live) return; // ended meanwhile: nothing more is recorded
        this.append(execution, type, details);
        this.saveSoon(execution);
      },
      topLevel: (state) => {
        if (live.finalState !== state) {
          live.finalState = state;
          this.set(execution, { finalState: state });
          this.saveSoon(execution);
        }
      },
      mintToken: () => mintToken(executionArn),
      call: (leaf, call, task, functionName, payload) => {
        void this.callFunction(execution, leaf, call, task, functionName, payload);
      },
      arm: (leaf, kind, at) => this.arm(execution, leaf, kind, at),
      disarm: (leaf, kind) => this.disarm(execution, leaf, kind),
      succeed: (value) => {
        const output = toJson(value);
        this.finish(execution, 'SUCCEEDED', { output }, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output, outputDetails: UNTRUNCATED },
        });
      },
      fail: (error, cause) => {
        this.finish(execution, 'FAILED', { error, cause }, 'ExecutionFailed', {
          executionFailedEventDetails: { error, cause },
        });
      },
    };
    live.host = host;
    return host;
  }

  /** Runs one step of a live execution's engine, then parks it if it waits. */
  private stepOf(execution: ExecutionSummary, work: (run: RunState, host: RunHost, engine: Engine) => void): void {
    const machine = this.machines.get(execution.stateMachineName);
    if (!machine) return;
    const run = this.revive(execution);
    if (!run) return;
    work(run, this.hostOf(execution, machine), machine.engine);
    this.settle(execution, machine);
  }

  private async callFunction(
    execution: ExecutionSummary,
    leaf: number,
    call: number,
    task: TaskStateInfo,
    functionName: unknown,
    payload: Json,
  ): Promise<void> {
    let outcome: { ok: true; value: Json } | { ok: false; error: string; cause: string };
    this.active++;
    this.tasks++;
    try {
      const value = await this.invokeFunction(functionName, payload);
      outcome = { ok: true, value: (task.kind === 'invoke' ? this.invokeResult(value) : value) as Json };
    } catch (error) {
      const failure = error instanceof TaskFailure ? error : lambdaFailure(error);
      outcome = { ok: false, error: failure.name, cause: failure.message };
    } finally {
      this.active--;
      this.tasks--;
      this.returned++;
      if (this.held.length > 0) this.refill();
    }
    if (execution.live === undefined || this.closed) return;
    this.stepOf(execution, (run, host, engine) => engine.called(run, host, leaf, call, outcome));
  }

  // ---- timers -------------------------------------------------------------------------------------------------

  /**
   * Every timer of every execution is one entry of one heap, and the service holds a single Node timer: for the
   * earliest entry. So a parked execution costs no Node timer, a wait longer than a Node timer can hold (~24.8
   * days) simply re-arms, and a simulated clock sees one timer to move to, not one per execution.
   */
  private arm(execution: ExecutionSummary, leaf: number, kind: TimerKind, at: number): void {
    const live = this.liveOf(execution);
    this.disarm(execution, leaf, kind);
    const entry: TimerEntry = { at, seq: ++this.timerSeq, execution, leaf, kind, cancelled: false };
    live.timers ??= [];
    live.timers.push(entry);
    this.timers.push(entry);
    this.scheduleTimer();
  }

  private disarm(execution: ExecutionSummary, leaf: number, kind: TimerKind): void {
    const timers = execution.live?.timers;
    if (!timers) return;
    const index = timers.findIndex((entry) => entry.leaf === leaf && entry.kind === kind);
    if (index < 0) return;
    (timers[index] as TimerEntry).cancelled = true;
    timers.splice(index, 1);
  }

  private scheduleTimer(): void {
    while (this.timers.peek()?.cancelled) this.timers.pop();
    const next = this.timers.peek();
    if (!next || this.closed) {
      if (this.armed) clearTimeout(this.armed.handle);
      this.armed = undefined;
      return;
    }
    if (this.armed && this.armed.at === next.at) return;
    if (this.armed) clearTimeout(this.armed.handle);
    const delay = Math.min(Math.max(0, next.at - Date.now()), MAX_TIMER_MS);
    // Looked up at call time: a simulated clock (@sinonjs/fake-timers) installed after this module loaded drives it.
    const handle = setTimeout(() => this.fireTimers(), delay);
    this.armed = { at: next.at, handle };
  }

  private fireTimers(): void {
    this.armed = undefined;
    const now = Date.now();
    this.fireHeld(now);
    for (;;) {
      const entry = this.timers.peek();
      if (!entry || entry.at > now) break;
      this.timers.pop();
      if (entry.cancelled) continue;
      // A wake may start a Task: past the limit it waits its turn, in order. A timeout only ends one (never held:
      // it is what frees a slot held by a task that hangs).
      if (entry.kind === 'wake' && (this.held.length > 0 || !this.mayStart())) {
        this.held.push(entry);
        continue;
      }
      this.fire(entry, now);
    }
    this.lookAgainLater();
    this.scheduleTimer();
  }

  /** Whether a due deadline may start its run now: a slot is free and the runtime admits it. */
  private mayStart(): boolean {
    return this.tasks < this.maxTasksInFlight && this.admits();
  }

  /** Fires held timers while slots are free. */
  private fireHeld(now: number): void {
    let next = 0;
    while (next < this.held.length && this.mayStart()) {
      const entry = this.held[next++] as TimerEntry;
      if (!entry.cancelled) this.fire(entry, now);
    }
    this.held.splice(0, next);
    this.lookAgainLater();
  }

  /**
   * Deadlines held with no Task running: none will end to look at them again (`refill`), so look again in a
   * millisecond of real time (never faked: they are due already, and a simulated clock waits for them, `inFlight`
   * counting them).
   */
  private lookAgainLater(): void {
    if (this.held.length === 0 || this.tasks > 0 || this.closed || this.recheck) return;
    this.recheck = realSetTimeout(() => {
      this.recheck = undefined;
      if (!this.closed) this.fireHeld(Date.now());
    }, 1);
  }

  /** A task ended with timers held: fire them on the next turn (once per turn however many tasks end in it). */
  private refill(): void {
    if (this.refillQueued || this.closed) return;
    this.refillQueued = true;
    // setImmediate is never faked (local/clock.ts): held timers are due already, so a simulated clock waits for them
    // (`inFlight` counts them) instead of having to move.
    setImmediate(() => {
      this.refillQueued = false;
      if (!this.closed) this.fireHeld(Date.now());
    });
  }

  private fire(entry: TimerEntry, now: number): void {
    const { execution } = entry;
    const live = execution.live;
    if (!live) return;
    live.timers = live.timers?.filter((other) => other !== entry);
    if (entry.leaf === EXECUTION_TIMER) {
      const error = 'States.Timeout';
      const cause = 'The execution ran longer than the state machine TimeoutSeconds';
      this.stopRun(execution);
      this.finish(execution, 'TIMED_OUT', { error, cause }, 'ExecutionTimedOut', {
        executionTimedOutEventDetails: { error, cause },
      });
      return;
    }
    this.stepOf(execution, (run, host, engine) => engine.timer(run, host, entry.leaf, entry.kind, now));
  }

  /** Stops whatever the execution's branches wait for (its timers; its tokens are then unknown). */
  private stopRun(execution: ExecutionSummary): void {
    const machine = this.machines.get(execution.stateMachineName);
    const run = this.revive(execution);
    if (machine && run) machine.engine.stop(run, this.hostOf(execution, machine));
    for (const entry of execution.live?.timers ?? []) entry.cancelled = true;
  }

  /**
   * Records a final status (once), persists it and lets go of the execution's run. From then on only its summary
   * stays in memory, and its tokens are unknown (TaskDoesNotExist).
   */
  private finish(
    execution: ExecutionSummary,
    status: ExecutionStatus,
    fields: { output?: string; error?: string; cause?: string },
    eventType: string,
    details: Record<string, unknown>,
  ): void {
    if (execution.status !== 'RUNNING' || !execution.live || this.closed) return;
    const finalState = execution.live.finalState;
    for (const entry of execution.live.timers ?? []) entry.cancelled = true;
    const stopDate = Date.now();
    this.set(
      execution,
      {
        status,
        stopDate,
        ...(fields.output !== undefined ? { output: fields.output } : {}),
        ...(fields.error !== undefined ? { error: fields.error } : {}),
        ...(fields.cause !== undefined ? { cause: fields.cause } : {}),
      },
      this.nextEvent(execution, eventType, details, stopDate),
    );
    this.saveNow(execution);
    execution.status = status;
    execution.stopDate = stopDate;
    execution.live = undefined;
    this.logger.info(`Execution ${status}`, {
      executionArn: execution.executionArn,
      ...(finalState ? { finalState } : {}),
      ...(fields.error ? { error: fields.error } : {}),
    });
  }

  // ---- tasks --------------------------------------------------------------------------------------------

  private lookupFunction(functionName: unknown): TaskFunction | undefined {
    if (typeof functionName !== 'string') return undefined;
    const exact = this.functions[functionName];
    if (exact) return exact;
    const parts = functionName.split(':');
    if (parts.length === 8) return this.functions[parts.slice(0, 7).join(':')]; // a qualified ARN (…:$LATEST)
    if (parts.length === 1) {
      const key = Object.keys(this.functions).find((arn) => arn.endsWith(`:function:${functionName}`));
      return key ? this.functions[key] : undefined;
    }
    return undefined;
  }

  private async invokeFunction(functionName: unknown, event: unknown): Promise<unknown> {
    const fn = this.lookupFunction(functionName);
    if (!fn) {
      throw new TaskFailure(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${String(functionName)} (no local handler is registered under this ARN)`,
      );
    }
    try {
      return throughJson(await fn(throughJson(event)));
    } catch (error) {
      throw lambdaFailure(error);
    }
  }

  /** What `arn:aws:states:::lambda:invoke` returns in AWS around the function's payload. */
  private invokeResult(payload: unknown) {
    const requestId = randomUUID();
    const headers = {
      Connection: 'keep-alive',
      'Content-Type': 'application/json',
      Date: new Date().toUTCString(),
      'X-Amz-Executed-Version': '$LATEST',
      'x-amzn-Remapped-Content-Length': '0',
      'x-amzn-RequestId': requestId,
    };
    return {
      ExecutedVersion: '$LATEST',
      Payload: payload,
      SdkHttpMetadata: {
        AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])),
        HttpHeaders: headers,
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    };
  }
}

/** A min-heap of timer entries by instant, then by the order they were armed. */
class TimerHeap {
  private readonly items: TimerEntry[] = [];

  peek(): TimerEntry | undefined {
    return this.items[0];
  }

  push(entry: TimerEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i] as TimerEntry, items[parent] as TimerEntry)) break;
      [items[i], items[parent]] = [items[parent] as TimerEntry, items[i] as TimerEntry];
      i = parent;
    }
  }

  pop(): TimerEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left] as TimerEntry, items[smallest] as TimerEntry)) smallest = left;
        if (right < items.length && before(items[right] as TimerEntry, items[smallest] as TimerEntry)) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest] as TimerEntry, items[i] as TimerEntry];
        i = smallest;
      }
    }
    return top;
  }
}

const before = (a: TimerEntry, b: TimerEntry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);
