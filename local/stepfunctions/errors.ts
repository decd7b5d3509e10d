/**
 * An error of the Step Functions API, named by its AWS error code (`ExecutionDoesNotExist`, `TaskDoesNotExist`…).
 * Over HTTP it becomes a 400 with `{"__type": code, "message": …}`; in-process callers of `call()` see it with
 * `name === code`, the way the AWS SDK names its exceptions.
 */
export class SfnApiError extends Error {
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
  }
}

/** How a Task's function fails: the engine matches `Retry`/`Catch` on `name` and reports `message` as the cause. */
export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** The error and cause a Lambda function's exception turns into, shaped as the Lambda service reports them. */
export function lambdaFailure(error: unknown): TaskFailure {
  if (error instanceof TaskFailure) return error;
  const errorType = error instanceof Error ? error.name || 'Error' : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error && error.stack ? error.stack.split('\n') : [];
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}
