import { toShanghaiIso } from '../functions/domain/time.ts';

// The execution console's JSON routes (`/_local/console/*`, local only, never deployed): what the AWS Step Functions
// console shows of a state machine and its executions, read from the local Step Functions service in-process (its
// `call()` answers exactly what its HTTP endpoint answers). The guard (the data folder's secret or an admin's token,
// same origin only) is local-routes.ts's.

/** What the console reads the executions from: the local Step Functions service (`LocalStepFunctions.call`). */
export interface ExecutionSource {
  // biome-ignore lint/suspicious/noExplicitAny: each Step Functions action answers its own JSON shape
  call(action: string, body: unknown): Promise<any>;
}

/** What a console route answers (local-routes.ts sends it). */
export interface ConsoleAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/**
 * How a state of the graph fared in an execution, as the Step Functions console colours it: `active` (in it now),
 * `succeeded`, `failed`, `caught` (failed, and a Catch went on), `cancelled` (its Parallel branch or the execution
 * ended before it did). A state never entered is absent.
 */
export type StateStatus = 'active' | 'succeeded' | 'failed' | 'caught' | 'cancelled';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** A local task token (`LSFN` + base64url, local/stepfunctions/index.ts mintToken). */
const LOCAL_TOKEN = /LSFN[A-Za-z0-9_-]{16,}/g;
const SHOWN_TOKEN_CHARS = 8;

const PROBLEM = { 'content-type': 'application/problem+json; charset=utf-8' };

function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors: readonly { field: string; reason: string }[] = [],
): ConsoleAnswer {
  return {
    status,
    headers: PROBLEM,
    body: { type: `urn:xiaoneng:problem:local-${slug}`, title, status, detail, ...(errors.length ? { errors } : {}) },
  };
}

const invalidQuery = (detail: string, field: string, reason: string) =>
  problem(400, 'invalid-query', '查询参数无效 Invalid query', detail, [{ field, reason }]);

const iso = (seconds: number | undefined) =>
  seconds === undefined ? undefined : toShanghaiIso(new Date(Math.round(seconds * 1000)));

/** The console's routes under `/_local/console/` (GET only: the console reads, it never starts or stops anything). */
export const CONSOLE_PATHS = [
  '/_local/console/state-machines',
  '/_local/console/state-machines/{name}',
  '/_local/console/executions',
  '/_local/console/executions/{name}',
] as const;

/**
 * Answers a console request (already let through by the guard). `undefined` when the path is none of the console's,
 * so the caller answers its 404.
 */
export async function consoleRoute(source: ExecutionSource, url: URL): Promise<ConsoleAnswer | undefined> {
  const parts = url.pathname.split('/').slice(3); // '', '_local', 'console', …
  let name: string | undefined;
  try {
    name = parts[1] === undefined ? undefined : decodeURIComponent(parts[1]);
  } catch {
    return invalidQuery('The name in the path is not valid percent-encoding.', 'path.name', 'invalid encoding');
  }
  if (parts.length === 1 && parts[0] === 'state-machines') return listStateMachines(source);
  if (parts.length === 2 && parts[0] === 'state-machines' && name !== undefined) return stateMachine(source, name);
  if (parts.length === 1 && parts[0] === 'executions') return listExecutions(source, url.searchParams);
  if (parts.length === 2 && parts[0] === 'executions' && name !== undefined)
    return execution(source, name, url.searchParams.get('stateMachine') ?? undefined);
  return undefined;
}

interface MachineSummary {
  readonly name: string;
  readonly arn: string;
}

async function machines(source: ExecutionSource): Promise<MachineSummary[]> {
  const found: MachineSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await source.call('ListStateMachines', { maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    for (const m of page.stateMachines as { name: string; stateMachineArn: string }[])
      found.push({ name: m.name, arn: m.stateMachineArn });
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

/** The ASL exactly as the runtime runs it: lib/render.ts's rendering of the chain CDK deploys. */
async function definitionOf(source: ExecutionSource, arn: string): Promise<Record<string, unknown>> {
  const described = await source.call('DescribeStateMachine', { stateMachineArn: arn });
  return JSON.parse(described.definition as string) as Record<string, unknown>;
}

async function listStateMachines(source: ExecutionSource): Promise<ConsoleAnswer> {
  const list = await machines(source);
  const stateMachines = await Promise.all(
    list.map(async (m) => ({ name: m.name, arn: m.arn, definition: await definitionOf(source, m.arn) })),
  );
  return { status: 200, body: { stateMachines } };
}

async function stateMachine(source: ExecutionSource, name: string): Promise<ConsoleAnswer> {
  const machine = (await machines(source)).find((m) => m.name === name);
  if (!machine)
    return problem(404, 'not-found', '未找到 Not Found', `No state machine named ${name}.`, [
      { field: 'path.name', reason: 'no such state machine' },
    ]);
  return { status: 200, body: { name, arn: machine.arn, definition: await definitionOf(source, machine.arn) } };
}

interface ListedExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
}

/** Every execution (of one machine, of one status), newest first, as ListExecutions pages them. */
async function allExecutions(
  source: ExecutionSource,
  filter: { stateMachineArn?: string; statusFilter?: string },
): Promise<ListedExecution[]> {
  const found: ListedExecution[] = [];
  let nextToken: string | undefined;
  do {
    const page = await source.call('ListExecutions', {
      ...filter,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    found.push(...(page.executions as ListedExecution[]));
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

/**
 * `GET /_local/console/executions[?status=&name=&match=prefix|exact&stateMachine=&limit=&cursor=]`: newest first.
 * The name is the case id (ApprovalClock) or `<case id>-intake` (IntakeClock): a prefix finds both.
 */
async function listExecutions(source: ExecutionSource, query: URLSearchParams): Promise<ConsoleAnswer> {
  const status = query.get('status') || undefined;
  if (status !== undefined && !EXECUTION_STATUSES.includes(status as ExecutionStatus))
    return invalidQuery(
      `status must be one of ${EXECUTION_STATUSES.join(', ')}.`,
      'query.status',
      `must be one of ${EXECUTION_STATUSES.join(', ')}`,
    );
  const name = query.get('name')?.trim() || undefined;
  if (name !== undefined && name.length > 80)
    return invalidQuery('name is at most 80 characters.', 'query.name', 'at most 80 characters');
  const match = query.get('match') ?? 'prefix';
  if (match !== 'prefix' && match !== 'exact')
    return invalidQuery('match is prefix or exact.', 'query.match', 'must be prefix or exact');
  const limitText = query.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return invalidQuery(
      `limit must be a whole number from 1 to ${MAX_LIMIT}.`,
      'query.limit',
      `must be 1 to ${MAX_LIMIT}`,
    );
  const offset = cursorOffset(query.get('cursor'));
  if (offset === undefined)
    return invalidQuery('cursor is not one this console gave out.', 'query.cursor', 'not a cursor of this list');
  const machineName = query.get('stateMachine') || undefined;
  const all = await machines(source);
  const machine = machineName === undefined ? undefined : all.find((m) => m.name === machineName);
  if (machineName !== undefined && !machine)
    return invalidQuery(
      `No state machine named ${machineName}; there are ${all.map((m) => m.name).join(', ')}.`,
      'query.stateMachine',
      'no such state machine',
    );
  const names = new Map(all.map((m) => [m.arn, m.name]));
  const listed = await allExecutions(source, {
    ...(machine ? { stateMachineArn: machine.arn } : {}),
    ...(status ? { statusFilter: status } : {}),
  });
  // Case ids are upper case; a search typed in lower case still finds them.
  const wanted = name?.toUpperCase();
  const matching = wanted
    ? listed.filter((e) => {
        const candidate = e.name.toUpperCase();
        return match === 'exact' ? candidate === wanted : candidate.startsWith(wanted);
      })
    : listed;
  const page = matching.slice(offset, offset + limit);
  const end = offset + page.length;
  return {
    status: 200,
    body: {
      executions: page.map((e) => ({
        name: e.name,
        arn: e.executionArn,
        stateMachine: names.get(e.stateMachineArn) ?? e.stateMachineArn.split(':').at(-1),
        status: e.status,
        startDate: iso(e.startDate),
        ...(e.stopDate !== undefined ? { stopDate: iso(e.stopDate) } : {}),
      })),
      total: matching.length,
      ...(end < matching.length ? { next: Buffer.from(JSON.stringify({ offset: end })).toString('base64url') } : {}),
    },
  };
}

function cursorOffset(cursor: string | null): number | undefined {
  if (cursor === null || cursor === '') return 0;
  try {
    const offset = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /_local/console/executions/{name}[?stateMachine=]`: describe, its machine, its whole history, where it is. */
async function execution(source: ExecutionSource, name: string, machineName?: string): Promise<ConsoleAnswer> {
  if (!NAME.test(name))
    return problem(400, 'invalid-path', '路径无效 Invalid path', 'An execution name is 1–80 of A–Z a–z 0–9 _ -.', [
      { field: 'path.name', reason: 'must be 1-80 of [A-Za-z0-9_-]' },
    ]);
  const all = await machines(source);
  const candidates = all.filter((m) => machineName === undefined || m.name === machineName);
  const found: { machine: MachineSummary; described: Record<string, unknown> }[] = [];
  for (const machine of candidates) {
    const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      found.push({ machine, described: await source.call('DescribeExecution', { executionArn }) });
    } catch (error) {
      if ((error as { name?: string }).name !== 'ExecutionDoesNotExist') throw error;
    }
  }
  if (found.length === 0)
    return problem(404, 'not-found', '未找到 Not Found', `No execution named ${name}.`, [
      { field: 'path.name', reason: 'no such execution' },
    ]);
  if (found.length > 1)
    return problem(
      409,
      'ambiguous',
      '名称不唯一 Ambiguous name',
      `Executions of ${found.map((f) => f.machine.name).join(' and ')} are named ${name}: add ?stateMachine=.`,
      [{ field: 'query.stateMachine', reason: `one of ${found.map((f) => f.machine.name).join(', ')}` }],
    );
  const { machine, described } = found[0] as (typeof found)[number];
  const executionArn = described.executionArn as string;
  const definition = await definitionOf(source, machine.arn);
  const events: WireEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await source.call('GetExecutionHistory', {
      executionArn,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    events.push(...(page.events as WireEvent[]));
    nextToken = page.nextToken;
  } while (nextToken);
  const status = described.status as ExecutionStatus;
  const { states, transitions } = executionPath(definition, events, status);
  return {
    status: 200,
    body: {
      name,
      arn: executionArn,
      status,
      startDate: iso(described.startDate as number),
      ...(described.stopDate !== undefined ? { stopDate: iso(described.stopDate as number) } : {}),
      input: redactTokens(described.input),
      ...(described.output !== undefined ? { output: redactTokens(described.output) } : {}),
      ...(described.error !== undefined ? { error: described.error } : {}),
      ...(described.cause !== undefined ? { cause: redactTokens(described.cause) } : {}),
      stateMachine: { name: machine.name, arn: machine.arn, definition },
      // The top-level state it is in now, or ended in (the local service's own field).
      ...(described.localFinalState !== undefined ? { finalState: described.localFinalState } : {}),
      current: Object.entries(states)
        .filter(([, s]) => s === 'active')
        .map(([n]) => n),
      states,
      transitions,
      events: events.map((event) => {
        const { id, previousEventId, timestamp, type, ...details } = event;
        const stateName = stateNameOf(event);
        return {
          id,
          previousEventId,
          timestamp: iso(timestamp),
          type,
          ...(stateName !== undefined ? { stateName } : {}),
          details: redactTokens(details),
        };
      }),
    },
  };
}

/** A history event as GetExecutionHistory answers it (timestamp in epoch seconds). */
interface WireEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

function stateNameOf(event: WireEvent): string | undefined {
  const entered = event.stateEnteredEventDetails as { name?: string } | undefined;
  const exited = event.stateExitedEventDetails as { name?: string } | undefined;
  const mapped = (event.mapIterationStartedEventDetails ?? event.mapIterationSucceededEventDetails) as
    | { name?: string }
    | undefined;
  return entered?.name ?? exited?.name ?? mapped?.name;
}

// ---- task tokens -------------------------------------------------------------------------------------------

/**
 * A task token shortened to its first characters: whoever reads the console must not copy a live token out of it by
 * accident (with it, anyone can end the task: SendTaskSuccess is all a decision needs). The AWS console shows them
 * whole; a screenshot of this console, pasted into a ticket, shows nothing usable.
 */
export function shortenToken(token: string): string {
  return token.length <= SHOWN_TOKEN_CHARS ? token : `${token.slice(0, SHOWN_TOKEN_CHARS)}…`;
}

/**
 * Every task token in a value shortened: values under a key named like `taskToken`, local tokens anywhere in text,
 * and both inside the JSON documents the history carries as strings (`input`, `output`, `parameters`).
 */
export function redactTokens<T>(value: T): T {
  return redact(value, false) as T;
}

function redact(value: unknown, tokenKey: boolean): unknown {
  if (typeof value === 'string') {
    if (tokenKey) return shortenToken(value);
    const trimmed = value.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(redact(JSON.parse(value), false));
      } catch {
        // not JSON after all: a text that may still quote a token
      }
    }
    return value.replace(LOCAL_TOKEN, (token) => shortenToken(token));
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, tokenKey));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redact(item, /task_?token(\.\$)?$/i.test(key))]),
    );
  return value;
}

// ---- where the execution is ----------------------------------------------------------------------------------

interface StateInfo {
  readonly type: string;
  /** States of its branches or iterator, at any depth (Parallel, Map). */
  readonly inside: readonly string[];
  /** Where it is: '' at the top, `<Parallel>#<branch>` in a branch, `<Map>#0` in an iterator. */
  readonly scope: string;
  /** The scopes of its branches (Parallel) or iterator (Map). */
  readonly branches: readonly string[];
}

/** Every state of a definition by name, at every depth (state names are unique in the whole state machine). */
export function statesOf(definition: Record<string, unknown>): Map<string, StateInfo> {
  const found = new Map<string, StateInfo>();
  const walk = (scope: unknown, key: string): string[] => {
    const states = (scope as { States?: Record<string, Record<string, unknown>> } | undefined)?.States ?? {};
    const names: string[] = [];
    for (const [name, state] of Object.entries(states)) {
      const inner: string[] = [];
      const branches: string[] = [];
      const bodies = [...((state.Branches as unknown[] | undefined) ?? [])];
      const iterator = state.ItemProcessor ?? state.Iterator;
      if (iterator) bodies.push(iterator);
      bodies.forEach((body, i) => {
        branches.push(`${name}#${i}`);
        inner.push(...walk(body, `${name}#${i}`));
      });
      found.set(name, { type: String(state.Type), inside: inner, scope: key, branches });
      names.push(name, ...inner);
    }
    return names;
  };
  walk(definition, '');
  return found;
}

const TASK_FAILURES = new Set([
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionScheduleFailed',
  'LambdaFunctionStartFailed',
  'TaskFailed',
  'TaskTimedOut',
  'TaskSubmitFailed',
  'TaskStartFailed',
]);
const TASK_SUCCESSES = new Set(['LambdaFunctionSucceeded', 'TaskSucceeded']);

/** Where the path starts and ends, in `transitions`. */
export const PATH_START = '#start';
export const PATH_END = '#end';

/** How each state fared, and the transitions taken (`[from, to]`; a Parallel stands for its join too). */
export interface ExecutionPath {
  readonly states: Record<string, StateStatus>;
  readonly transitions: readonly (readonly [string, string])[];
}

/**
 * How each state fared and which transitions were taken, read from the history as the Step Functions console reads
 * it. Events that name no state (a Task's failure, a Parallel's) belong to the Task or Parallel entered last and still
 * running. A state entered in a scope came from the state entered before it in that scope (or from its Parallel, or
 * from the start). Entering a Parallel again (a Catch looping back) starts its branches afresh: what they did in the
 * round before is no longer shown.
 */
export function executionPath(
  definition: Record<string, unknown>,
  events: readonly { type: string; [key: string]: unknown }[],
  executionStatus: ExecutionStatus,
): ExecutionPath {
  const info = statesOf(definition);
  const status = new Map<string, StateStatus>();
  const failing = new Set<string>();
  const transitions = new Map<string, readonly [string, string]>();
  const taken = (from: string, to: string) => transitions.set(`${from}\n${to}`, [from, to]);
  /** The state entered last in each scope. */
  const lastIn = new Map<string, string>();
  /** Active states in the order they were entered (the last of a type is the one a nameless event is about). */
  let order: string[] = [];
  const lastActive = (types: readonly string[]) =>
    order.findLast((name) => status.get(name) === 'active' && types.includes(info.get(name)?.type ?? ''));
  const leave = (name: string) => {
    order = order.filter((n) => n !== name);
  };
  /** A Parallel or Map has ended: its branches that reached their end lead to its join. */
  const join = (container: string) => {
    for (const branch of info.get(container)?.branches ?? []) {
      const last = lastIn.get(branch);
      const fared = last === undefined ? undefined : status.get(last);
      if (last !== undefined && (fared === 'succeeded' || fared === 'failed')) taken(last, container);
    }
  };
  for (const event of events) {
    const type = event.type;
    const entered = (event.stateEnteredEventDetails as { name?: string } | undefined)?.name;
    const exited = (event.stateExitedEventDetails as { name?: string } | undefined)?.name;
    if (entered !== undefined) {
      const state = info.get(entered);
      const scope = state?.scope ?? '';
      const before = lastIn.get(scope);
      if (before !== undefined) taken(before, entered);
      else if (scope === '') taken(PATH_START, entered);
      else taken(scope.slice(0, scope.lastIndexOf('#')), entered);
      lastIn.set(scope, entered);
      for (const inner of state?.inside ?? []) {
        status.delete(inner);
        failing.delete(inner);
        leave(inner);
      }
      for (const branch of state?.branches ?? []) lastIn.delete(branch);
      failing.delete(entered);
      leave(entered);
      if (state?.type === 'Fail') status.set(entered, 'failed');
      else if (state?.type === 'Succeed') status.set(entered, 'succeeded');
      else {
        status.set(entered, 'active');
        order.push(entered);
      }
    } else if (exited !== undefined) {
      const state = info.get(exited);
      status.set(exited, failing.delete(exited) ? 'caught' : 'succeeded');
      leave(exited);
      for (const inner of state?.inside ?? []) {
        if (status.get(inner) === 'active') status.set(inner, 'cancelled');
        leave(inner);
      }
      if (state?.branches.length) join(exited);
    } else if (TASK_FAILURES.has(type)) {
      const task = lastActive(['Task']);
      if (task) failing.add(task);
    } else if (TASK_SUCCESSES.has(type)) {
      const task = lastActive(['Task']);
      if (task) failing.delete(task);
    } else if (type === 'ParallelStateFailed' || type === 'MapStateFailed') {
      const container = lastActive([type === 'ParallelStateFailed' ? 'Parallel' : 'Map']);
      if (container) failing.add(container);
    }
  }
  // The execution has ended: whatever still runs in the record ended with it.
  if (executionStatus !== 'RUNNING') {
    const last = order.at(-1);
    for (const name of order) {
      const ended =
        failing.has(name) || (name === last && (executionStatus === 'FAILED' || executionStatus === 'TIMED_OUT'));
      status.set(name, ended ? 'failed' : 'cancelled');
    }
    const final = lastIn.get('');
    if (final !== undefined && (executionStatus === 'SUCCEEDED' || status.get(final) === 'failed'))
      taken(final, PATH_END);
  }
  return { states: Object.fromEntries(status), transitions: [...transitions.values()] };
}
