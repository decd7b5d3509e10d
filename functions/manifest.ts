import type { TableKey } from './store/tables.ts';

/**
 * Every Lambda function of the system, in one place. CDK creates one NodejsFunction per entry with exactly the
 * grants listed here (least privilege); the local runtime imports the same `entry` module and calls its `handler`.
 */
export interface FunctionSpec {
  /** Module path from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Tables the function reads. */
  readonly reads: readonly TableKey[];
  /** Tables the function writes (implies read). */
  readonly writes: readonly TableKey[];
  /** Starts approval-clock executions. */
  readonly startsClock?: boolean;
  /** Reads approval-clock executions (DescribeExecution). */
  readonly readsClock?: boolean;
  /** Sends task tokens back to the approval clock (SendTaskSuccess/Failure). */
  readonly signalsClock?: boolean;
  /** @default 10 */
  readonly timeoutSeconds?: number;
}

export const functions = {
  openapi: {
    entry: 'functions/http/openapi.ts',
    description: 'GET /v1/openapi.json: the API described by the same schemas that validate it',
    reads: [],
    writes: [],
  },
  calendarDeadline: {
    entry: 'functions/http/calendar-deadline.ts',
    description: 'GET /v1/calendar/deadline: the working-day deadline for a receipt instant',
    reads: ['calendar'],
    writes: [],
  },
  calendarYearGet: {
    entry: 'functions/http/calendar-year-get.ts',
    description: 'GET /v1/calendar/years/{year}: the working-day calendar in force for a year',
    reads: ['calendar'],
    writes: [],
  },
  calendarYearPut: {
    entry: 'functions/http/calendar-year-put.ts',
    description: 'PUT /v1/calendar/years/{year}: an administrator loads a year of the State Council holiday notice',
    reads: [],
    writes: ['calendar'],
  },
  catalogList: {
    entry: 'functions/http/catalog-list.ts',
    description: 'GET /v1/catalog: the published approval items',
    reads: ['catalog'],
    writes: [],
  },
  catalogGet: {
    entry: 'functions/http/catalog-get.ts',
    description: 'GET /v1/catalog/{code}: one approval item with its service guide',
    reads: ['catalog'],
    writes: [],
  },
  departmentsList: {
    entry: 'functions/http/departments-list.ts',
    description: 'GET /v1/departments: the department directory (name, address, phone, hours)',
    reads: ['catalog'],
    writes: [],
  },
  applicationsCreate: {
    entry: 'functions/http/applications-create.ts',
    description: 'POST /v1/applications: accept an application and start its approval clock',
    reads: ['catalog', 'calendar'],
    writes: ['cases', 'idempotency'],
    startsClock: true,
  },
  applicationsGet: {
    entry: 'functions/http/applications-get.ts',
    description: 'GET /v1/applications/{id}: a case with its deadline and timeline',
    reads: ['cases'],
    writes: [],
  },
  applicationsVerify: {
    entry: 'functions/http/applications-verify.ts',
    description: "GET /v1/applications/{id}/verify: re-compute a case's hash-chained timeline (supervisors)",
    reads: ['cases'],
    writes: [],
  },
  applicationsDecide: {
    entry: 'functions/http/applications-decide.ts',
    description: 'POST /v1/applications/{id}/decision: a reviewer records the decision and stops the clock',
    reads: [],
    writes: ['cases', 'idempotency'],
    signalsClock: true,
  },
  accountabilityList: {
    entry: 'functions/http/accountability-list.ts',
    description: 'GET /v1/accountability: deemed approvals and overdue cases on record (supervisors)',
    reads: ['accountability'],
    writes: [],
  },
  checkpoint: {
    entry: 'functions/workflow/checkpoint.ts',
    description:
      'Approval clock: re-read the case, apply deemed consent or overdue at the deadline, plan the next wait',
    reads: ['catalog', 'calendar'],
    writes: ['cases', 'accountability'],
    timeoutSeconds: 30,
  },
  awaitDecision: {
    entry: 'functions/workflow/await-decision.ts',
    description: 'Approval clock: park the task token on the case so a decision can end the clock at once',
    reads: [],
    writes: ['cases'],
    signalsClock: true,
  },
  reconcile: {
    entry: 'functions/schedule/reconcile.ts',
    description: 'Schedule: repair clocks whose deadline passed with no outcome or whose execution is missing',
    reads: ['catalog', 'calendar'],
    writes: ['cases', 'accountability'],
    startsClock: true,
    readsClock: true,
    timeoutSeconds: 300,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;
