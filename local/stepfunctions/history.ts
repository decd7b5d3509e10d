// Translation of aws-local-stepfunctions' `eventLogs` into Step Functions history events (GetExecutionHistory).
// The interpreter's stream has no ids, no Task scheduling detail and stops at an aborted Parallel branch; the
// Task details come from the task handlers themselves (see `TaskTrace`), so the result is close to, not equal
// to, what AWS records.
import type { TaskStateInfo } from './definition.ts';

/** The subset of aws-local-stepfunctions' EventLog we read (its type is not exported). */
export interface InterpreterEvent {
  type: string;
  timestamp: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  index?: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string; type: string };
}

/** What a task handler saw and returned, kept by state name until the interpreter's event for it arrives. */
export interface TaskTrace {
  /** The Task's effective input (after InputPath/Parameters) when its handler was called. */
  scheduled: Map<string, string>;
  /** The raw result a Task's handler returned (before ResultSelector/ResultPath). */
  results: Map<string, string>;
  /** States whose last attempt failed: a Catch exits them without a *Succeeded event. */
  failed: Set<string>;
}

export type AppendEvent = (type: string, details?: Record<string, unknown>) => void;

export const toJson = (value: unknown): string => JSON.stringify(value === undefined ? null : value);
const untruncated = { truncated: false };

/** `arn:aws:states:::lambda:invoke.waitForTaskToken` → { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' } */
export function resourceParts(resource: string): { resourceType: string; resource: string } {
  const match = /^arn:aws[a-z-]*:states:::([^:]+):(.+)$/.exec(resource);
  return match
    ? { resourceType: match[1] ?? resource, resource: match[2] ?? resource }
    : { resourceType: 'unknown', resource };
}

function errorDetails(event: InterpreterEvent): { error?: string; cause?: string } {
  const cause =
    event.Cause === undefined ? undefined : typeof event.Cause === 'string' ? event.Cause : toJson(event.Cause);
  return { error: event.Error, cause };
}

/**
 * Appends the history events one interpreter event stands for. Execution-level events (start, end) are
 * recorded by the runtime itself, which owns the execution's status.
 */
export function translateStateEvent(
  event: InterpreterEvent,
  tasks: ReadonlyMap<string, TaskStateInfo>,
  trace: TaskTrace,
  region: string,
  append: AppendEvent,
): void {
  const state = event.state;
  const task = state ? tasks.get(state.name) : undefined;

  const appendScheduled = () => {
    if (!state || !task) return;
    const parameters = trace.scheduled.get(state.name);
    trace.scheduled.delete(state.name);
    // No handler call means the state failed before its resource was invoked (e.g. a bad path).
    if (parameters === undefined) return;
    const timeoutInSeconds = task.timeoutSeconds;
    if (task.kind === 'lambda') {
      append('LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: {
          resource: task.resource,
          input: parameters,
          inputDetails: untruncated,
          ...(timeoutInSeconds !== undefined ? { timeoutInSeconds } : {}),
        },
      });
      append('LambdaFunctionStarted');
      return;
    }
    const parts = resourceParts(task.resource);
    append('TaskScheduled', {
      taskScheduledEventDetails: {
        ...parts,
        region,
        parameters,
        ...(timeoutInSeconds !== undefined ? { timeoutInSeconds } : {}),
      },
    });
    append('TaskStarted', { taskStartedEventDetails: parts });
  };

  switch (event.type) {
    case 'StateEntered': {
      if (!state) return;
      trace.failed.delete(state.name);
      append(`${state.type}StateEntered`, {
        stateEnteredEventDetails: { name: state.name, input: toJson(state.input), inputDetails: untruncated },
      });
      if (state.type === 'Task') appendScheduled();
      if (state.type === 'Parallel') append('ParallelStateStarted');
      if (state.type === 'Map') append('MapStateStarted', { mapStateStartedEventDetails: {} });
      return;
    }
    case 'StateRetried':
      if (state) trace.failed.delete(state.name);
      if (state?.type === 'Task') appendScheduled();
      return;
    case 'StateExited': {
      if (!state) return;
      const caught = trace.failed.delete(state.name);
      if (state.type === 'Task' && task && !caught) {
        const output = trace.results.get(state.name) ?? toJson(state.output);
        trace.results.delete(state.name);
        if (task.kind === 'lambda') {
          append('LambdaFunctionSucceeded', {
            lambdaFunctionSucceededEventDetails: { output, outputDetails: untruncated },
          });
        } else {
          append('TaskSucceeded', {
            taskSucceededEventDetails: { ...resourceParts(task.resource), output, outputDetails: untruncated },
          });
        }
      }
      if (state.type === 'Parallel' && !caught) append('ParallelStateSucceeded');
      if (state.type === 'Map' && !caught) append('MapStateSucceeded');
      append(`${state.type}StateExited`, {
        stateExitedEventDetails: { name: state.name, output: toJson(state.output), outputDetails: untruncated },
      });
      return;
    }
    case 'StateFailed': {
      if (!state) return;
      trace.failed.add(state.name);
      trace.results.delete(state.name);
      const details = errorDetails(event);
      if (state.type === 'Task' && task) {
        const timedOut = event.Error === 'States.Timeout';
        if (task.kind === 'lambda') {
          append(timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed', {
            [timedOut ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails']: details,
          });
        } else {
          append(timedOut ? 'TaskTimedOut' : 'TaskFailed', {
            [timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: {
              ...resourceParts(task.resource),
              ...details,
            },
          });
        }
      }
      if (state.type === 'Parallel') append('ParallelStateFailed');
      if (state.type === 'Map') append('MapStateFailed');
      return;
    }
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const key = `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
      append(event.type, { [key]: { name: event.parentState?.name, index: event.index } });
      return;
    }
    default:
      // StateCaught, StateRetried of other states and ParallelBranch* have no Step Functions counterpart.
      return;
  }
}
