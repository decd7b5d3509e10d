// The local ASL interpreter. An execution is DATA, not a run: `RunState` is a small JSON-serializable tree of the
// branches it is in (the top level, and one child per branch of each Parallel it is inside), each standing in one
// state. The engine moves a run forward synchronously until every branch waits — on a function call in flight, on a
// Wait's timestamp, on a retry's back-off or on a task token — and then returns. Nothing of the run stays on the
// call stack or in a closure between two steps, so the service (index.ts) can keep a waiting execution as one JSON
// string ("parked") and revive it when its timer fires, its token is answered or its function returns.
//
// Semantics follow the Step Functions developer guide for the JSONPath query language: InputPath, Parameters,
// ResultSelector, ResultPath, OutputPath; Retry (IntervalSeconds, BackoffRate, MaxAttempts, MaxDelaySeconds) and
// Catch, matched in order, with States.ALL and States.TaskFailed (every error but States.Timeout); Parallel runs its
// branches on a copy of its input, fails as soon as one branch fails (the others stop; their tokens are forgotten)
// and succeeds with the array of the branches' outputs. Map, JSONata and intrinsic functions are refused when a
// definition is registered (definition.ts). The history events are the ones Step Functions records for these states.
import type { TaskStateInfo } from './definition.ts';
import { resourceParts, toJson } from './history.ts';
import { applyTemplate, filterPath, type Json, placeResult, resolve, ruleHolds, StatesError } from './paths.ts';

/** One branch of a run, standing in one state. */
export interface Leaf {
  /** Unique in its run: timers, function calls and tokens name the leaf they belong to. */
  readonly id: number;
  /** Which `States` map the state is in: '' for the top level, `<Parallel>/<index>` for a branch. */
  readonly scope: string;
  state: string;
  /** The state's raw input. */
  input: Json;
  enteredAt: number;
  phase: 'task' | 'wait' | 'retry' | 'parallel';
  /** The current function call (a result for another is stale) and whether it is still in flight. */
  call?: number;
  busy?: boolean;
  /** The `.waitForTaskToken` token this task waits for. */
  token?: string;
  /** When the Task times out, the Wait ends or the retry starts (epoch ms). */
  timeoutAt?: number;
  wakeAt?: number;
  /** Retry counts of the current state, one per retrier. */
  attempts?: number[];
  /** A Parallel's branches, and the outputs of those that succeeded. */
  children?: Leaf[];
  outputs?: (Json | null)[];
  done?: boolean[];
}

export interface RunState {
  /** The last id given to a leaf or a call. */
  seq: number;
  root: Leaf;
  /** Tokens whose task timed out (SendTask* answers TaskTimedOut) and tokens of branches a Parallel stopped. */
  timedOut?: string[];
  orphaned?: string[];
}

export type TimerKind = 'timeout' | 'wake';

/** What the engine needs from the service, for one execution. */
export interface RunHost {
  readonly executionArn: string;
  readonly executionName: string;
  readonly input: Json;
  readonly startTime: number;
  readonly redriveCount: number;
  readonly roleArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly region: string;
  append(type: string, details?: Record<string, unknown>): void;
  /** A top-level state was entered (DescribeExecution's `localFinalState`). */
  topLevel(state: string): void;
  mintToken(): string;
  /** Calls the task's function; the engine is told the outcome through `Engine.called`. */
  call(leaf: number, call: number, task: TaskStateInfo, functionName: unknown, payload: Json): void;
  arm(leaf: number, kind: TimerKind, at: number): void;
  disarm(leaf: number, kind: TimerKind): void;
  succeed(output: Json): void;
  fail(error: string, cause: string): void;
}

type State = Record<string, Json>;
interface Scope {
  readonly startAt: string;
  readonly states: Record<string, State>;
}

const TIMEOUT_ERROR = 'States.Timeout';
const untruncated = { truncated: false };
const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** Synchronous transitions in one step before the execution is failed (a Choice loop with no Wait in it). */
const MAX_TRANSITIONS = 10_000;

function errorMatches(names: readonly Json[], error: string): boolean {
  return names.some(
    (name) => name === error || name === 'States.ALL' || (name === 'States.TaskFailed' && error !== TIMEOUT_ERROR),
  );
}

export class Engine {
  private readonly scopes = new Map<string, Scope>();
  private transitions = 0;

  constructor(
    definition: Record<string, unknown>,
    private readonly tasks: ReadonlyMap<string, TaskStateInfo>,
  ) {
    const addScope = (key: string, machine: Record<string, unknown>) => {
      const states = (isObject(machine.States) ? machine.States : {}) as Record<string, State>;
      this.scopes.set(key, { startAt: String(machine.StartAt), states });
      for (const [name, state] of Object.entries(states)) {
        if (state.Type !== 'Parallel' || !Array.isArray(state.Branches)) continue;
        state.Branches.forEach((branch, index) => {
          if (isObject(branch)) addScope(`${name}/${index}`, branch);
        });
      }
    };
    addScope('', definition);
  }

  /** A new run at the definition's first state. */
  start(host: RunHost): RunState {
    const scope = this.scope('');
    const run: RunState = {
      seq: 1,
      root: { id: 1, scope: '', state: scope.startAt, input: host.input, enteredAt: 0, phase: 'wait' },
    };
    this.step(run, host, () => this.enter(run, host, run.root));
    return run;
  }

  /** Whether a function of the run is still in flight (the run cannot be parked). */
  busy(run: RunState): boolean {
    const walk = (leaf: Leaf): boolean => leaf.busy === true || (leaf.children ?? []).some(walk);
    return walk(run.root);
  }

  /** A function call returned (`ok`) or threw. Stale calls (of a branch since stopped or moved on) are ignored. */
  called(
    run: RunState,
    host: RunHost,
    leafId: number,
    call: number,
    outcome: { ok: true; value: Json } | { ok: false; error: string; cause: string },
  ): void {
    const leaf = this.find(run, leafId);
    if (!leaf || leaf.call !== call || leaf.phase !== 'task') return;
    leaf.busy = false;
    const task = this.task(leaf);
    this.step(run, host, () => {
      if (task.kind === 'waitForTaskToken') {
        // The function only hands the token out: success means "now wait for the token". A failure fails the task
        // only while the token is still pending (it may have been answered during the call).
        if (!outcome.ok && leaf.token !== undefined) this.taskFailed(run, host, leaf, outcome.error, outcome.cause);
        return;
      }
      if (outcome.ok) this.taskSucceeded(run, host, leaf, outcome.value);
      else this.taskFailed(run, host, leaf, outcome.error, outcome.cause);
    });
  }

  /** A timer the engine armed went off. Returns false if it was stale. */
  timer(run: RunState, host: RunHost, leafId: number, kind: TimerKind, now: number): boolean {
    const leaf = this.find(run, leafId);
    if (!leaf) return false;
    if (kind === 'timeout') {
      if (leaf.phase !== 'task' || leaf.timeoutAt === undefined || leaf.timeoutAt > now) return false;
      leaf.busy = false;
      this.step(run, host, () => this.taskFailed(run, host, leaf, TIMEOUT_ERROR, 'Task timed out'));
      return true;
    }
    if ((leaf.phase !== 'wait' && leaf.phase !== 'retry') || leaf.wakeAt === undefined || leaf.wakeAt > now)
      return false;
    leaf.wakeAt = undefined;
    this.step(run, host, () => {
      if (leaf.phase === 'retry') {
        const state = this.state(leaf);
        if (state.Type === 'Parallel') this.startParallel(run, host, leaf);
        else this.invoke(run, host, leaf);
      } else {
        this.exit(
          run,
          host,
          leaf,
          filterPath(this.state(leaf).OutputPath as string | null | undefined, this.waitInput(leaf), this.where(leaf)),
        );
      }
    });
    return true;
  }

  /** Which of the run's tokens `token` is: pending (with its leaf), timed out, orphaned, or unknown. */
  tokenStatus(run: RunState, token: string): { pending: Leaf } | 'timedOut' | 'orphaned' | 'unknown' {
    const walk = (leaf: Leaf): Leaf | undefined =>
      leaf.token === token && leaf.phase === 'task' ? leaf : (leaf.children ?? []).map(walk).find(Boolean);
    const pending = walk(run.root);
    if (pending) return { pending };
    if (run.timedOut?.includes(token)) return 'timedOut';
    if (run.orphaned?.includes(token)) return 'orphaned';
    return 'unknown';
  }

  /** SendTaskSuccess / SendTaskFailure on a pending token. */
  answer(
    run: RunState,
    host: RunHost,
    leaf: Leaf,
    outcome: { ok: true; value: Json } | { ok: false; error: string; cause: string },
  ): void {
    leaf.token = undefined;
    // The function may still be running (it sent its own token back): its return no longer matters.
    leaf.busy = false;
    leaf.call = undefined;
    this.step(run, host, () => {
      if (outcome.ok) this.taskSucceeded(run, host, leaf, outcome.value);
      else this.taskFailed(run, host, leaf, outcome.error, outcome.cause);
    });
  }

  /** Stops every branch (the execution ended from outside: StopExecution). */
  stop(run: RunState, host: RunHost): void {
    this.abandon(run, host, run.root);
  }

  // ---- moving through states ------------------------------------------------------------------------------------

  private step(run: RunState, host: RunHost, work: () => void): void {
    this.transitions = 0;
    try {
      work();
    } catch (error) {
      // A path that selects nothing, a ResultPath that cannot apply…: the execution fails, as in AWS.
      const { name, cause } =
        error instanceof StatesError
          ? { name: error.error, cause: error.reason }
          : { name: 'States.Runtime', cause: String((error as Error)?.message ?? error) };
      this.abandon(run, host, run.root);
      host.fail(name, cause);
    }
  }

  private enter(run: RunState, host: RunHost, leaf: Leaf): void {
    if (++this.transitions > MAX_TRANSITIONS) {
      throw new StatesError('States.Runtime', `More than ${MAX_TRANSITIONS} transitions without waiting: a loop?`);
    }
    const state = this.state(leaf);
    const where = this.where(leaf);
    leaf.enteredAt = Date.now();
    leaf.attempts = undefined;
    host.append(`${state.Type}StateEntered`, {
      stateEnteredEventDetails: { name: leaf.state, input: toJson(leaf.input), inputDetails: untruncated },
    });
    if (leaf.scope === '') host.topLevel(leaf.state);
    const inputPath = state.InputPath as string | null | undefined;
    const outputPath = state.OutputPath as string | null | undefined;
    switch (state.Type) {
      case 'Pass': {
        const effective = filterPath(inputPath, leaf.input, where);
        const result =
          state.Result !== undefined
            ? state.Result
            : state.Parameters !== undefined
              ? applyTemplate(state.Parameters, effective, () => this.context(host, leaf), where)
              : effective;
        const output = placeResult(state.ResultPath as string | null | undefined, leaf.input, result, where);
        this.exit(run, host, leaf, filterPath(outputPath, output, where));
        return;
      }
      case 'Choice': {
        const effective = filterPath(inputPath, leaf.input, where);
        const choices = Array.isArray(state.Choices) ? state.Choices : [];
        const chosen = choices.find((rule) =>
          ruleHolds(rule as Record<string, Json>, effective, () => this.context(host, leaf), where),
        );
        const next = chosen && isObject(chosen) ? chosen.Next : state.Default;
        if (typeof next !== 'string') {
          throw new StatesError('States.NoChoiceMatched', `${where}: no Choice rule matched and there is no Default`);
        }
        host.append('ChoiceStateExited', {
          stateExitedEventDetails: {
            name: leaf.state,
            output: toJson(filterPath(outputPath, effective, where)),
            outputDetails: untruncated,
          },
        });
        this.go(run, host, leaf, next, filterPath(outputPath, effective, where));
        return;
      }
      case 'Wait': {
        const effective = this.waitInput(leaf);
        const at = this.waitUntil(state, effective, leaf.enteredAt, where);
        if (at <= leaf.enteredAt) {
          this.exit(run, host, leaf, filterPath(outputPath, effective, where));
          return;
        }
        leaf.phase = 'wait';
        leaf.wakeAt = at;
        host.arm(leaf.id, 'wake', at);
        return;
      }
      case 'Succeed':
        this.exit(run, host, leaf, filterPath(outputPath, filterPath(inputPath, leaf.input, where), where));
        return;
      case 'Fail': {
        const error =
          typeof state.ErrorPath === 'string'
            ? resolve(state.ErrorPath, leaf.input, () => this.context(host, leaf), where)
            : state.Error;
        const cause =
          typeof state.CausePath === 'string'
            ? resolve(state.CausePath, leaf.input, () => this.context(host, leaf), where)
            : state.Cause;
        this.branchEnded(run, host, leaf, {
          ok: false,
          error: typeof error === 'string' ? error : 'States.Fail',
          cause: typeof cause === 'string' ? cause : cause === undefined || cause === null ? '' : JSON.stringify(cause),
        });
        return;
      }
      case 'Task':
        this.invoke(run, host, leaf);
        return;
      case 'Parallel':
        host.append('ParallelStateStarted');
        this.startParallel(run, host, leaf);
        return;
      default:
        throw new StatesError('States.Runtime', `${where}: state type ${String(state.Type)} is not supported locally`);
    }
  }

  private waitInput(leaf: Leaf): Json {
    return filterPath(this.state(leaf).InputPath as string | null | undefined, leaf.input, this.where(leaf));
  }

  private waitUntil(state: State, input: Json, now: number, where: string): number {
    if (typeof state.Seconds === 'number') return now + state.Seconds * 1000;
    if (typeof state.Timestamp === 'string') return Date.parse(state.Timestamp);
    if (typeof state.SecondsPath === 'string') {
      const seconds = resolve(state.SecondsPath, input, () => ({}), where);
      if (typeof seconds !== 'number' || seconds < 0) {
        throw new StatesError(
          'States.Runtime',
          `${where}: SecondsPath '${state.SecondsPath}' is not a non-negative number`,
        );
      }
      return now + seconds * 1000;
    }
    if (typeof state.TimestampPath === 'string') {
      const value = resolve(state.TimestampPath, input, () => ({}), where);
      const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(at)) {
        throw new StatesError(
          'States.Runtime',
          `${where}: TimestampPath '${state.TimestampPath}' is not an ISO 8601 timestamp`,
        );
      }
      return at;
    }
    throw new StatesError('States.Runtime', `${where}: a Wait needs Seconds, Timestamp, SecondsPath or TimestampPath`);
  }

  /** Leaves the state with `output`: to its Next, or the end of its branch. */
  private exit(run: RunState, host: RunHost, leaf: Leaf, output: Json): void {
    const state = this.state(leaf);
    host.append(`${state.Type}StateExited`, {
      stateExitedEventDetails: { name: leaf.state, output: toJson(output), outputDetails: untruncated },
    });
    if (state.Type === 'Succeed' || state.End === true) {
      this.branchEnded(run, host, leaf, { ok: true, value: output });
      return;
    }
    this.go(run, host, leaf, String(state.Next), output);
  }

  private go(run: RunState, host: RunHost, leaf: Leaf, next: string, input: Json): void {
    this.clear(host, leaf);
    leaf.state = next;
    leaf.input = input;
    this.enter(run, host, leaf);
  }

  /** Forgets what the leaf waited for in its last state. */
  private clear(host: RunHost, leaf: Leaf): void {
    if (leaf.timeoutAt !== undefined) host.disarm(leaf.id, 'timeout');
    if (leaf.wakeAt !== undefined) host.disarm(leaf.id, 'wake');
    leaf.timeoutAt = undefined;
    leaf.wakeAt = undefined;
    leaf.call = undefined;
    leaf.busy = undefined;
    leaf.token = undefined;
    leaf.children = undefined;
    leaf.outputs = undefined;
    leaf.done = undefined;
  }

  // ---- Task ---------------------------------------------------------------------------------------------------

  private invoke(run: RunState, host: RunHost, leaf: Leaf): void {
    const state = this.state(leaf);
    const task = this.task(leaf);
    const where = this.where(leaf);
    this.clear(host, leaf);
    let token: string | undefined;
    const context = () =>
      this.context(host, leaf, () => {
        token ??= host.mintToken();
        return token;
      });
    const effective = filterPath(state.InputPath as string | null | undefined, leaf.input, where);
    const params =
      state.Parameters !== undefined ? applyTemplate(state.Parameters, effective, context, where) : effective;
    leaf.phase = 'task';
    leaf.call = ++run.seq;
    leaf.busy = true;
    const timeoutSeconds = task.timeoutSeconds ?? 60;
    leaf.timeoutAt = Date.now() + timeoutSeconds * 1000;
    if (task.kind === 'lambda') {
      host.append('LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: {
          resource: task.resource,
          input: toJson(params),
          inputDetails: untruncated,
          ...(task.timeoutSeconds !== undefined ? { timeoutInSeconds: task.timeoutSeconds } : {}),
        },
      });
      host.append('LambdaFunctionStarted');
    } else {
      const parts = resourceParts(task.resource);
      host.append('TaskScheduled', {
        taskScheduledEventDetails: {
          ...parts,
          region: host.region,
          parameters: toJson(params),
          ...(task.timeoutSeconds !== undefined ? { timeoutInSeconds: task.timeoutSeconds } : {}),
        },
      });
      host.append('TaskStarted', { taskStartedEventDetails: parts });
    }
    host.arm(leaf.id, 'timeout', leaf.timeoutAt);
    if (task.kind === 'unsupported') {
      leaf.busy = false;
      this.taskFailed(
        run,
        host,
        leaf,
        'Local.UnsupportedResource',
        `Task "${task.name}": resource ${task.resource} is not supported by the local Step Functions ` +
          '(supported: Lambda function ARNs, arn:aws:states:::lambda:invoke and lambda:invoke.waitForTaskToken)',
      );
      return;
    }
    const p = isObject(params) ? params : {};
    if (task.kind === 'waitForTaskToken') {
      if (token === undefined || !JSON.stringify(p.Payload ?? null).includes(token)) {
        leaf.busy = false;
        this.taskFailed(
          run,
          host,
          leaf,
          'Local.TaskTokenMissing',
          `Task "${task.name}": the Payload of a .waitForTaskToken task must carry $$.Task.Token`,
        );
        return;
      }
      // Registered BEFORE the function runs: like a Lambda in AWS, it may send its own token back right away.
      leaf.token = token;
      host.call(leaf.id, leaf.call, task, p.FunctionName, (p.Payload ?? null) as Json);
      return;
    }
    if (task.kind === 'invoke') {
      host.call(leaf.id, leaf.call, task, p.FunctionName, (p.Payload ?? null) as Json);
      return;
    }
    host.call(leaf.id, leaf.call, task, task.resource, params);
    return;
  }

  private taskSucceeded(run: RunState, host: RunHost, leaf: Leaf, result: Json): void {
    const state = this.state(leaf);
    const task = this.task(leaf);
    const where = this.where(leaf);
    if (task.kind === 'lambda') {
      host.append('LambdaFunctionSucceeded', {
        lambdaFunctionSucceededEventDetails: { output: toJson(result), outputDetails: untruncated },
      });
    } else {
      host.append('TaskSucceeded', {
        taskSucceededEventDetails: {
          ...resourceParts(task.resource),
          output: toJson(result),
          outputDetails: untruncated,
        },
      });
    }
    const selected =
      state.ResultSelector !== undefined
        ? applyTemplate(state.ResultSelector, result, () => this.context(host, leaf), where)
        : result;
    const output = placeResult(state.ResultPath as string | null | undefined, leaf.input, selected, where);
    this.exit(run, host, leaf, filterPath(state.OutputPath as string | null | undefined, output, where));
  }

  private taskFailed(run: RunState, host: RunHost, leaf: Leaf, error: string, cause: string): void {
    const task = this.task(leaf);
    if (leaf.token !== undefined) {
      // Its token is no longer pending: answering it now gets TaskTimedOut (a timeout) or TaskDoesNotExist.
      if (error === TIMEOUT_ERROR) run.timedOut = [...(run.timedOut ?? []), leaf.token];
      leaf.token = undefined;
    }
    const timedOut = error === TIMEOUT_ERROR;
    const details = { error, cause };
    if (task.kind === 'lambda') {
      host.append(timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed', {
        [timedOut ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails']: details,
      });
    } else {
      host.append(timedOut ? 'TaskTimedOut' : 'TaskFailed', {
        [timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: {
          ...resourceParts(task.resource),
          ...details,
        },
      });
    }
    this.stateFailed(run, host, leaf, error, cause);
  }

  /** A Task or a Parallel failed: retry it, catch the error, or fail its branch. */
  private stateFailed(run: RunState, host: RunHost, leaf: Leaf, error: string, cause: string): void {
    const state = this.state(leaf);
    const where = this.where(leaf);
    const attempts = leaf.attempts ?? [];
    this.clear(host, leaf);
    const retriers = Array.isArray(state.Retry) ? state.Retry : [];
    const index = retriers.findIndex(
      (r) => isObject(r) && Array.isArray(r.ErrorEquals) && errorMatches(r.ErrorEquals, error),
    );
    const retrier = retriers[index];
    if (isObject(retrier)) {
      const max = typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3;
      const done = attempts[index] ?? 0;
      if (done < max) {
        const interval = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
        const backoff = typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2;
        let delay = interval * backoff ** done;
        if (typeof retrier.MaxDelaySeconds === 'number') delay = Math.min(delay, retrier.MaxDelaySeconds);
        attempts[index] = done + 1;
        leaf.attempts = attempts;
        leaf.phase = 'retry';
        leaf.wakeAt = Date.now() + delay * 1000;
        host.arm(leaf.id, 'wake', leaf.wakeAt);
        return;
      }
    }
    const catchers = Array.isArray(state.Catch) ? state.Catch : [];
    const catcher = catchers.find(
      (c) => isObject(c) && Array.isArray(c.ErrorEquals) && errorMatches(c.ErrorEquals, error),
    );
    if (isObject(catcher)) {
      const output = placeResult(
        catcher.ResultPath as string | null | undefined,
        leaf.input,
        { Error: error, Cause: cause },
        where,
      );
      host.append(`${state.Type}StateExited`, {
        stateExitedEventDetails: { name: leaf.state, output: toJson(output), outputDetails: untruncated },
      });
      this.go(run, host, leaf, String(catcher.Next), output);
      return;
    }
    this.branchEnded(run, host, leaf, { ok: false, error, cause });
  }

  // ---- Parallel -----------------------------------------------------------------------------------------------

  private startParallel(run: RunState, host: RunHost, leaf: Leaf): void {
    const state = this.state(leaf);
    const where = this.where(leaf);
    this.clear(host, leaf);
    const effective = filterPath(state.InputPath as string | null | undefined, leaf.input, where);
    const input =
      state.Parameters !== undefined
        ? applyTemplate(state.Parameters, effective, () => this.context(host, leaf), where)
        : effective;
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    leaf.phase = 'parallel';
    leaf.children = branches.map((_, index) => ({
      id: ++run.seq,
      scope: `${leaf.state}/${index}`,
      state: this.scope(`${leaf.state}/${index}`).startAt,
      input,
      enteredAt: 0,
      phase: 'wait' as const,
    }));
    leaf.outputs = branches.map(() => null);
    leaf.done = branches.map(() => false);
    if (branches.length === 0) {
      this.parallelSucceeded(run, host, leaf);
      return;
    }
    const children = leaf.children;
    for (const child of children) {
      // A branch that failed has stopped the others (and ended this Parallel): enter no more.
      if (leaf.children !== children) return;
      this.enter(run, host, child);
    }
  }

  private parallelSucceeded(run: RunState, host: RunHost, leaf: Leaf): void {
    const state = this.state(leaf);
    const where = this.where(leaf);
    const result = (leaf.outputs ?? []) as Json;
    leaf.children = undefined;
    host.append('ParallelStateSucceeded');
    const selected =
      state.ResultSelector !== undefined
        ? applyTemplate(state.ResultSelector, result, () => this.context(host, leaf), where)
        : result;
    const output = placeResult(state.ResultPath as string | null | undefined, leaf.input, selected, where);
    this.exit(run, host, leaf, filterPath(state.OutputPath as string | null | undefined, output, where));
  }

  private branchEnded(
    run: RunState,
    host: RunHost,
    leaf: Leaf,
    outcome: { ok: true; value: Json } | { ok: false; error: string; cause: string },
  ): void {
    this.clear(host, leaf);
    if (leaf === run.root) {
      if (outcome.ok) host.succeed(outcome.value);
      else host.fail(outcome.error, outcome.cause);
      return;
    }
    const parent = this.parentOf(run.root, leaf);
    if (!parent?.children || !parent.outputs || !parent.done) return;
    const index = parent.children.indexOf(leaf);
    if (outcome.ok) {
      parent.outputs[index] = outcome.value;
      parent.done[index] = true;
      if (parent.done.every(Boolean)) this.parallelSucceeded(run, host, parent);
      return;
    }
    // The first branch to fail fails the Parallel; the others stop where they are.
    for (const sibling of parent.children) if (sibling !== leaf) this.abandon(run, host, sibling);
    parent.children = undefined;
    host.append('ParallelStateFailed');
    this.stateFailed(run, host, parent, outcome.error, outcome.cause);
  }

  /** Stops a branch and everything under it: its timers are disarmed, its token is kept only to be ignored. */
  private abandon(run: RunState, host: RunHost, leaf: Leaf): void {
    for (const child of leaf.children ?? []) this.abandon(run, host, child);
    if (leaf.token !== undefined) run.orphaned = [...(run.orphaned ?? []), leaf.token];
    this.clear(host, leaf);
    leaf.phase = 'wait';
  }

  // ---- lookups ------------------------------------------------------------------------------------------------

  private scope(key: string): Scope {
    const scope = this.scopes.get(key);
    if (!scope) throw new StatesError('States.Runtime', `Unknown branch ${key}`);
    return scope;
  }

  private state(leaf: Leaf): State {
    const state = this.scope(leaf.scope).states[leaf.state];
    if (!state) throw new StatesError('States.Runtime', `Unknown state "${leaf.state}"`);
    return state;
  }

  private task(leaf: Leaf): TaskStateInfo {
    const task = this.tasks.get(leaf.state);
    if (!task) throw new StatesError('States.Runtime', `State "${leaf.state}" is not a Task`);
    return task;
  }

  private where(leaf: Leaf): string {
    return `state "${leaf.state}"`;
  }

  private find(run: RunState, id: number): Leaf | undefined {
    const walk = (leaf: Leaf): Leaf | undefined =>
      leaf.id === id ? leaf : (leaf.children ?? []).map(walk).find(Boolean);
    return walk(run.root);
  }

  private parentOf(root: Leaf, leaf: Leaf): Leaf | undefined {
    for (const child of root.children ?? []) {
      if (child === leaf) return root;
      const found = this.parentOf(child, leaf);
      if (found) return found;
    }
    return undefined;
  }

  /** The context object (`$$`), with `Task.Token` minted only when a path reads it. */
  private context(host: RunHost, leaf: Leaf, token?: () => string): Json {
    const retryCount = (leaf.attempts ?? []).reduce((sum, n) => sum + (n ?? 0), 0);
    const context: Record<string, Json> = {
      Execution: {
        Id: host.executionArn,
        Name: host.executionName,
        Input: host.input,
        StartTime: new Date(host.startTime).toISOString(),
        RoleArn: host.roleArn,
        RedriveCount: host.redriveCount,
      },
      StateMachine: { Id: host.stateMachineArn, Name: host.stateMachineName },
      State: { Name: leaf.state, EnteredTime: new Date(leaf.enteredAt).toISOString(), RetryCount: retryCount },
    };
    if (token) {
      // Read only by a `$$.Task.Token` path: a getter, so a task that does not use its token mints none.
      Object.defineProperty(context, 'Task', { enumerable: true, get: () => ({ Token: token() }) });
    }
    return context as Json;
  }
}
