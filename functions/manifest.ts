import type { TableKey } from './store/tables.ts';

/**
 * Every Lambda function of the system, in one place. CDK creates one NodejsFunction per entry with exactly the
 * grants listed here (least privilege); the local runtime imports the same `entry` module and calls its `handler`.
 */
/** The state machines, by name (lib/state-machines.ts builds them). */
export type ClockName = 'ApprovalClock' | 'IntakeClock';

export interface FunctionSpec {
  /** Module path from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Tables the function reads. */
  readonly reads: readonly TableKey[];
  /** Tables the function writes (implies read). */
  readonly writes: readonly TableKey[];
  /** State machines whose executions it starts (see lib/state-machines.ts). */
  readonly startsClocks?: readonly ClockName[];
  /** State machines whose executions it reads (DescribeExecution). */
  readonly readsClocks?: readonly ClockName[];
  /** Sends task tokens back to a clock (SendTaskSuccess/Failure). */
  readonly signalsClock?: boolean;
  /** Reads the table's DynamoDB stream (the table must declare `stream` in functions/store/tables.ts). */
  readonly streamFrom?: TableKey;
  /**
   * The checkpoint archive that anchors the timelines (functions/stream/anchor-archive.ts): `sign` appends signed
   * checkpoints (the signing key's Sign, the bucket's create-only writes); `verify` reads checkpoints and the public key.
   */
  readonly checkpoints?: 'sign' | 'verify';
  /** Puts events on the system's event bus (EVENT_BUS_NAME). */
  readonly publishesEvents?: boolean;
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
    description: 'GET /v1/catalog: the published approval items, searchable, in Chinese or English',
    reads: ['catalog'],
    writes: [],
  },
  catalogDisclosure: {
    entry: 'functions/http/catalog-disclosure.ts',
    description: 'GET /v1/catalog/disclosure: share of published items whose guide is complete in both languages',
    reads: ['catalog'],
    writes: [],
  },
  catalogGet: {
    entry: 'functions/http/catalog-get.ts',
    description: 'GET /v1/catalog/{code}: one approval item with its full service guide',
    reads: ['catalog'],
    writes: [],
  },
  catalogCreate: {
    entry: 'functions/http/catalog-create.ts',
    description: 'POST /v1/catalog: an administrator publishes a new item (revision 1, baseline recorded)',
    reads: [],
    writes: ['catalog', 'catalogRevisions', 'idempotency'],
  },
  catalogRevise: {
    entry: 'functions/http/catalog-revise.ts',
    description: "PUT /v1/catalog/{code}: an administrator revises an item's guide, with the reason kept",
    reads: [],
    writes: ['catalog', 'catalogRevisions'],
  },
  catalogRetire: {
    entry: 'functions/http/catalog-retire.ts',
    description: 'POST /v1/catalog/{code}/retire: an administrator retires an item; history and open cases stay',
    reads: [],
    writes: ['catalog', 'catalogRevisions', 'idempotency'],
  },
  catalogRevisions: {
    entry: 'functions/http/catalog-revisions.ts',
    description: 'GET /v1/catalog/{code}/revisions: every revision of an item and its baseline',
    reads: ['catalog', 'catalogRevisions'],
    writes: [],
  },
  departmentsList: {
    entry: 'functions/http/departments-list.ts',
    description: 'GET /v1/departments: the department directory (name, address, phone, hours)',
    reads: ['catalog'],
    writes: [],
  },
  departmentsGet: {
    entry: 'functions/http/departments-get.ts',
    description: 'GET /v1/departments/{id}: one department with its windows and published items',
    reads: ['catalog'],
    writes: [],
  },
  departmentsCreate: {
    entry: 'functions/http/departments-create.ts',
    description: 'POST /v1/departments: an administrator adds a department',
    reads: [],
    writes: ['catalog', 'catalogRevisions', 'idempotency'],
  },
  departmentsRevise: {
    entry: 'functions/http/departments-revise.ts',
    description: 'PUT /v1/departments/{id}: an administrator revises a department, with the reason kept',
    reads: [],
    writes: ['catalog', 'catalogRevisions'],
  },
  applicationsCreate: {
    entry: 'functions/http/applications-create.ts',
    description: 'POST /v1/applications: intake: refer, notice, decide on the spot, or accept and start the clock',
    reads: ['catalog', 'calendar'],
    writes: ['cases', 'referrals', 'profiles', 'idempotency'],
    startsClocks: ['ApprovalClock', 'IntakeClock'],
  },
  applicationsGet: {
    entry: 'functions/http/applications-get.ts',
    description: 'GET /v1/applications/{id}: a case with its deadline, light and timeline',
    reads: ['cases', 'calendar'],
    writes: [],
  },
  applicationsAccept: {
    entry: 'functions/http/applications-accept.ts',
    description: 'POST /v1/applications/{id}/accept: a clerk accepts an application received for review',
    reads: ['catalog', 'calendar'],
    writes: ['cases', 'idempotency'],
    startsClocks: ['ApprovalClock'],
  },
  applicationsNotice: {
    entry: 'functions/http/applications-notice.ts',
    description:
      'POST /v1/applications/{id}/notice: a clerk answers an application received for review with one notice',
    reads: ['catalog'],
    writes: ['cases', 'idempotency'],
  },
  applicationsMaterials: {
    entry: 'functions/http/applications-materials.ts',
    description:
      'POST /v1/applications/{id}/materials: resubmission after a one-time notice; accepts and starts the clock when complete',
    reads: ['catalog', 'calendar'],
    writes: ['cases', 'idempotency'],
    startsClocks: ['ApprovalClock'],
  },
  applicationsReceipt: {
    entry: 'functions/http/applications-receipt.ts',
    description:
      'GET /v1/applications/{id}/receipt: the acceptance receipt or one-time notice, as JSON or printable HTML',
    reads: ['cases', 'catalog'],
    writes: [],
  },
  applicationsVerify: {
    entry: 'functions/http/applications-verify.ts',
    description: "GET /v1/applications/{id}/verify: re-compute a case's hash-chained timeline (supervisors)",
    reads: ['cases'],
    writes: [],
    checkpoints: 'verify',
  },
  applicationsDecide: {
    entry: 'functions/http/applications-decide.ts',
    description: 'POST /v1/applications/{id}/decision: a reviewer records the decision and stops the clock',
    reads: [],
    writes: ['cases', 'idempotency'],
    signalsClock: true,
  },
  applicationsSuspend: {
    entry: 'functions/http/applications-suspend.ts',
    description: 'POST /v1/applications/{id}/suspend: a reviewer pauses the clock for a reason the law excludes',
    reads: [],
    writes: ['cases', 'idempotency'],
  },
  applicationsResume: {
    entry: 'functions/http/applications-resume.ts',
    description: 'POST /v1/applications/{id}/resume: the pause ends, its working days move the deadline',
    reads: ['calendar'],
    writes: ['cases', 'idempotency'],
    signalsClock: true,
  },
  applicationsExtension: {
    entry: 'functions/http/applications-extension.ts',
    description: 'POST /v1/applications/{id}/extension: a reviewer requests the one extension',
    reads: ['catalog'],
    writes: ['cases', 'idempotency'],
  },
  applicationsExtensionApprove: {
    entry: 'functions/http/applications-extension-approve.ts',
    description: 'POST /v1/applications/{id}/extension/approve: the head approves it and the deadline moves',
    reads: ['calendar'],
    writes: ['cases', 'idempotency'],
    signalsClock: true,
  },
  applicationsWithdraw: {
    entry: 'functions/http/applications-withdraw.ts',
    description: 'POST /v1/applications/{id}/withdraw: the applicant withdraws before a decision; the clock ends',
    reads: [],
    writes: ['cases', 'idempotency'],
    signalsClock: true,
  },
  applicationsReview: {
    entry: 'functions/http/applications-review.ts',
    description: 'POST /v1/applications/{id}/review: a supervisor confirms or revokes a deemed approval',
    reads: [],
    writes: ['cases', 'accountability', 'idempotency'],
  },
  notificationsList: {
    entry: 'functions/http/notifications-list.ts',
    description: "GET /v1/notifications: the caller's inbox (applicant, department staff, head, supervision)",
    reads: ['notifications'],
    writes: [],
  },
  applicationsNotifications: {
    entry: 'functions/http/applications-notifications.ts',
    description: 'GET /v1/applications/{id}/notifications: what the case told whom, in timeline order',
    reads: ['cases', 'notifications'],
    writes: [],
  },
  worklist: {
    entry: 'functions/http/worklist.ts',
    description: "GET /v1/worklist: the caller's department's open cases, most urgent first, with lights",
    reads: ['cases', 'calendar'],
    writes: [],
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
      'Approval clock: re-read the case; raise the yellow warning, apply the deadline rule or the red card; plan the next wait',
    reads: ['catalog', 'calendar'],
    writes: ['cases', 'accountability'],
    timeoutSeconds: 30,
  },
  intakeCheckpoint: {
    entry: 'functions/workflow/intake-checkpoint.ts',
    description:
      'Intake clock: 5 working days after receipt with no acceptance or notice, accept from receipt (Art.32)',
    reads: ['catalog', 'calendar'],
    writes: ['cases'],
    startsClocks: ['ApprovalClock'],
    timeoutSeconds: 30,
  },
  awaitDecision: {
    entry: 'functions/workflow/await-decision.ts',
    description: 'Approval clock: park the task token on the case so a decision can end the clock at once',
    reads: [],
    writes: ['cases'],
    signalsClock: true,
  },
  notify: {
    entry: 'functions/stream/notify.ts',
    description:
      'Cases stream: record a notification for every timeline event someone must be told of, and put it on the bus',
    reads: [],
    writes: ['notifications'],
    streamFrom: 'cases',
    publishesEvents: true,
    timeoutSeconds: 60,
  },
  anchor: {
    entry: 'functions/stream/anchor.ts',
    description: 'Cases stream: sign a checkpoint of the chain heads that grew in each batch, kept outside the table',
    reads: [],
    writes: [],
    streamFrom: 'cases',
    checkpoints: 'sign',
    timeoutSeconds: 60,
  },
  reconcile: {
    entry: 'functions/schedule/reconcile.ts',
    description: 'Schedule: repair clocks whose deadline passed with no outcome or whose execution is missing',
    reads: ['catalog', 'calendar'],
    writes: ['cases', 'accountability'],
    startsClocks: ['ApprovalClock'],
    readsClocks: ['ApprovalClock'],
    timeoutSeconds: 300,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;
