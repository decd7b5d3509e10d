// Static analysis of an ASL definition before the local runtime accepts it: the ASL validator, then what the local
// engine (engine.ts) cannot run — Map states, intrinsic functions, JSONata — refused by name rather than run
// wrongly, and the facts the runtime needs later (which states are Tasks and how to run them, which are top level).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { repoRoot } from '../../lib/repo-root.ts';

/**
 * Node (and @sinonjs/fake-timers) turn any delay above 2^31−1 ms into 1 ms: the timer would fire at once. The
 * service never arms one longer (index.ts re-arms until the instant comes), so waits of any length are safe.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** The local timeout of a Task without `TimeoutSeconds` (AWS: effectively never). */
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

export interface DefinitionInfo {
  /**
   * A private copy of the definition for the engine. aws-local-stepfunctions' validator (asl-validator) MUTATES the
   * definition it is given (it adds `QueryLanguage: "JSONPath"` to every state), so the caller's object is never
   * handed to it.
   */
  readonly runnable: Record<string, unknown>;
  readonly tasks: ReadonlyMap<string, TaskStateInfo>;
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
  const seen = new Set<string>();

  /** Intrinsic functions (`States.Format(…)`) in a template: the engine evaluates paths only. */
  const checkTemplate = (where: string, template: unknown) => {
    if (Array.isArray(template)) for (const item of template) checkTemplate(where, item);
    if (!isObject(template)) return;
    for (const [key, value] of Object.entries(template)) {
      if (key.endsWith('.$') && typeof value === 'string' && !value.startsWith('$')) {
        problems.push(`${where}: the intrinsic function in "${key}" is not supported locally (paths only)`);
      } else checkTemplate(where, value);
    }
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
      if (state.QueryLanguage === 'JSONata')
        problems.push(`${where}: JSONata is not supported locally (JSONPath only)`);
      for (const field of ['Parameters', 'ResultSelector']) checkTemplate(where, state[field]);
      for (const field of ['TimeoutSecondsPath', 'HeartbeatSecondsPath', 'Credentials']) {
        if (state[field] !== undefined) problems.push(`${where}: ${field} is not supported locally`);
      }
      switch (state.Type) {
        case 'Task': {
          const resource = String(state.Resource);
          const kind = classifyResource(resource);
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
        case 'Map':
          problems.push(`${where}: Map states are not supported locally`);
          break;
        default:
          break;
      }
    }
  };

  if (definition.QueryLanguage === 'JSONata') problems.push('JSONata is not supported locally (JSONPath only)');
  walk(definition.States, 'the top level');
  if (problems.length > 0) {
    throw new Error(`State machine "${machineName}" cannot run locally:\n - ${problems.join('\n - ')}`);
  }
  return {
    runnable,
    tasks,
    topLevelStates: new Set(Object.keys(isObject(definition.States) ? definition.States : {})),
    warnings,
  };
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
