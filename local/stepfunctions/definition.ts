// Static analysis of an ASL definition before the local runtime accepts it: the checks that stop a definition
// from misbehaving on Node (timer overflow, state names the interpreter would confuse) and the facts the runtime
// needs later (which states are Tasks and how to run them, which states are top level).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { repoRoot } from '../../lib/repo-root.ts';

/** Node (and @sinonjs/fake-timers) turn any delay above 2^31−1 ms into 1 ms: the timer fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** The longest `Seconds`/`TimeoutSeconds` that still fits in a Node timer (~24.8 days). */
export const MAX_TIMER_SECONDS = Math.floor(MAX_TIMER_MS / 1000);
/** aws-local-stepfunctions' timeout for a Task without `TimeoutSeconds` (AWS: effectively never). */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 60;

export type TaskKind = 'lambda' | 'invoke' | 'waitForTaskToken' | 'unsupported';

export interface TaskStateInfo {
  readonly name: string;
  readonly resource: string;
  readonly kind: TaskKind;
  /** `TimeoutSeconds` when fixed; undefined with `TimeoutSecondsPath` or with the interpreter's default. */
  readonly timeoutSeconds?: number;
  /** True when the timeout comes from `TimeoutSecondsPath` (unknown until run time). */
  readonly dynamicTimeout: boolean;
}

export interface WaitStateInfo {
  readonly name: string;
  readonly inputPath?: string | null;
  readonly seconds?: number;
  readonly timestamp?: string;
  readonly secondsPath?: string;
  readonly timestampPath?: string;
}

export interface DefinitionInfo {
  /**
   * A private copy of the definition for the interpreter. aws-local-stepfunctions' validator (asl-validator)
   * MUTATES the definition it is given (it adds `QueryLanguage: "JSONPath"` to every state), so the caller's
   * object is never handed to it.
   */
  readonly runnable: Record<string, unknown>;
  readonly tasks: ReadonlyMap<string, TaskStateInfo>;
  readonly waits: ReadonlyMap<string, WaitStateInfo>;
  /** Names of the states of the outermost `States` (the only ones an execution can end in). */
  readonly topLevelStates: ReadonlySet<string>;
  /** Warnings worth logging at registration (the definition is still accepted). */
  readonly warnings: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

export function classifyResource(resource: string): TaskKind {
  if (LAMBDA_ARN.test(resource)) return 'lambda';
  if (/^arn:aws[a-z-]*:states:::lambda:invoke$/.test(resource)) return 'invoke';
  if (/^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) return 'waitForTaskToken';
  return 'unsupported';
}

/**
 * Validates a definition (aws-local-stepfunctions' own ASL validator first, then our Node-specific checks) and
 * returns what the runtime needs. Throws an Error naming the state machine and every problem found.
 */
export function analyseDefinition(machineName: string, definition: Record<string, unknown>): DefinitionInfo {
  const runnable = structuredClone(definition);
  const passed = validatedBefore(definition);
  if (!passed.known) {
    try {
      new StateMachine(runnable as unknown as StateMachineDefinition);
    } catch (error) {
      throw new Error(`State machine "${machineName}": ${(error as Error).message}`);
    }
    passed.remember();
  }

  const problems: string[] = [];
  const warnings: string[] = [];
  const tasks = new Map<string, TaskStateInfo>();
  const waits = new Map<string, WaitStateInfo>();
  const seen = new Set<string>();

  const checkSeconds = (where: string, field: string, value: unknown) => {
    if (typeof value === 'number' && value > MAX_TIMER_SECONDS) {
      problems.push(
        `${where}: ${field} ${value} s exceeds ${MAX_TIMER_SECONDS} s (2^31-1 ms); a Node timer that long fires at ` +
          'once. Chunk the wait (at most 20 days) and loop through a checkpoint.',
      );
    }
  };

  const checkRetry = (where: string, state: Json) => {
    const retriers = Array.isArray(state.Retry) ? state.Retry : [];
    retriers.forEach((retrier: unknown, index: number) => {
      if (!isObject(retrier)) return;
      const interval = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
      const backoff = typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2;
      const attempts = typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3;
      const maxDelay = typeof retrier.MaxDelaySeconds === 'number' ? retrier.MaxDelaySeconds : undefined;
      if (attempts < 1) return;
      let longest = interval * backoff ** (attempts - 1);
      if (maxDelay && longest > maxDelay) longest = maxDelay;
      checkSeconds(`${where} Retry[${index}]`, 'the longest retry interval', longest);
    });
  };

  const walk = (states: unknown, scope: string) => {
    if (!isObject(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (!isObject(state)) continue;
      const where = `state "${name}"`;
      // Task handlers are keyed by state name and passed down into Parallel branches and Map iterators, so two
      // states with one name would share a handler (ASL requires unique names across the whole machine anyway).
      if (seen.has(name)) problems.push(`${where} (in ${scope}) is not unique in the state machine`);
      seen.add(name);
      checkRetry(where, state);
      switch (state.Type) {
        case 'Wait':
          checkSeconds(where, 'Seconds', state.Seconds);
          waits.set(name, {
            name,
            inputPath: state.InputPath as string | null | undefined,
            seconds: state.Seconds as number | undefined,
            timestamp: state.Timestamp as string | undefined,
            secondsPath: state.SecondsPath as string | undefined,
            timestampPath: state.TimestampPath as string | undefined,
          });
          break;
        case 'Task': {
          const resource = String(state.Resource);
          const kind = classifyResource(resource);
          checkSeconds(where, 'TimeoutSeconds', state.TimeoutSeconds);
          const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : undefined;
          const dynamicTimeout = timeoutSeconds === undefined && typeof state.TimeoutSecondsPath === 'string';
          if (kind === 'waitForTaskToken' && timeoutSeconds === undefined && !dynamicTimeout) {
            warnings.push(
              `${where}: a .waitForTaskToken task without TimeoutSeconds times out after ` +
                `${DEFAULT_TASK_TIMEOUT_SECONDS} s locally (AWS: never)`,
            );
          }
          if (kind === 'unsupported') warnings.push(`${where}: resource ${resource} is not supported locally`);
          tasks.set(name, { name, resource, kind, timeoutSeconds, dynamicTimeout });
          break;
        }
        case 'Parallel':
          (Array.isArray(state.Branches) ? state.Branches : []).forEach((branch: unknown, index: number) => {
            if (isObject(branch)) walk(branch.States, `${where} branch ${index}`);
          });
          break;
        case 'Map': {
          const processor = state.ItemProcessor ?? state.Iterator;
          if (isObject(processor)) walk(processor.States, `${where} iterator`);
          break;
        }
        default:
          break;
      }
    }
  };

  checkSeconds('the state machine', 'TimeoutSeconds', definition.TimeoutSeconds);
  walk(definition.States, 'the top level');
  if (problems.length > 0) {
    throw new Error(`State machine "${machineName}" cannot run locally:\n - ${problems.join('\n - ')}`);
  }
  return {
    runnable,
    tasks,
    waits,
    topLevelStates: new Set(Object.keys(isObject(definition.States) ? definition.States : {})),
    warnings,
  };
}

/**
 * Milliseconds a Wait state entered now with `input` (its raw state input) will sleep, or undefined when that
 * cannot be told (a context path, a path this small evaluator does not understand).
 */
export function waitDurationMs(wait: WaitStateInfo, rawInput: unknown, now: number): number | undefined {
  if (wait.seconds !== undefined) return wait.seconds * 1000;
  if (wait.timestamp !== undefined) return new Date(wait.timestamp).getTime() - now;
  let input: unknown = rawInput;
  if (wait.inputPath === null) input = {};
  else if (wait.inputPath !== undefined) {
    const found = evaluatePath(wait.inputPath, rawInput);
    if (!found.ok) return undefined;
    input = found.value;
  }
  if (wait.secondsPath !== undefined) {
    const found = evaluatePath(wait.secondsPath, input);
    return found.ok && typeof found.value === 'number' ? found.value * 1000 : undefined;
  }
  if (wait.timestampPath !== undefined) {
    const found = evaluatePath(wait.timestampPath, input);
    if (!found.ok || typeof found.value !== 'string') return undefined;
    const at = new Date(found.value).getTime();
    return Number.isNaN(at) ? undefined : at - now;
  }
  return undefined;
}

/** A reference path evaluator for the simple forms (`$`, `$.a.b`, `$['a'][0]`); anything else is "not found". */
export function evaluatePath(path: string, data: unknown): { ok: true; value: unknown } | { ok: false } {
  if (!path.startsWith('$') || path.startsWith('$$')) return { ok: false };
  const segment = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  let rest = path.slice(1);
  let value: unknown = data;
  while (rest.length > 0) {
    const match = segment.exec(rest);
    if (!match) return { ok: false };
    rest = rest.slice(match[0].length);
    const key = match[1] ?? match[3] ?? match[4];
    if (key !== undefined) {
      if (!isObject(value) || !(key in value)) return { ok: false };
      value = value[key];
    } else {
      const index = Number(match[2]);
      if (!Array.isArray(value) || index >= value.length) return { ok: false };
      value = value[index];
    }
  }
  return { ok: true, value };
}

// ---- The validator's verdict, remembered ----------------------------------------------------------------------

/**
 * asl-validator builds a new Ajv and compiles the whole ASL schema for every definition it checks: about half a
 * second per state machine, at every start of the local runtime — the larger part of a test runtime's start. Its
 * verdict is a pure function of the definition and the validator's version, so a definition that passed once is
 * remembered by the SHA-256 of both (a marker file in node_modules/.cache, where tools keep such caches) and not
 * validated again. Only a pass is remembered: a failing definition is checked, and refused, every time. Without a
 * writable cache folder every definition is simply validated.
 */
const NODE_MODULES = join(repoRoot, 'node_modules');
const CACHE_DIR = join(NODE_MODULES, '.cache/xiaoneng-asl-validated');

/** Read from the installed package.json files (aws-local-stepfunctions does not export its package.json). */
function validatorVersions(): string {
  const version = (name: string): string => {
    try {
      return (JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')) as { version: string })
        .version;
    } catch {
      // Not where we expect it: a fresh marker per process, so nothing is ever skipped on a stale verdict.
      return `unknown-${process.pid}-${Date.now()}`;
    }
  };
  return `aws-local-stepfunctions@${version('aws-local-stepfunctions')} asl-validator@${version('asl-validator')}`;
}

let versions: string | undefined;

/** Whether asl-validator passed this definition before (`known`), and how to remember that it did (`remember`). */
export function validatedBefore(definition: Record<string, unknown>): { known: boolean; remember: () => void } {
  versions ??= validatorVersions();
  const key = createHash('sha256').update(versions).update('\n').update(JSON.stringify(definition)).digest('hex');
  const marker = join(CACHE_DIR, key);
  return {
    known: existsSync(marker),
    remember: () => {
      try {
        mkdirSync(CACHE_DIR, { recursive: true });
        writeFileSync(marker, '');
      } catch {
        // Not writable (a read-only install): validate every time, as without the cache.
      }
    },
  };
}
