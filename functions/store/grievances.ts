import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type GrievanceEntry,
  type GrievanceEventType,
  type GrievanceKind,
  type GrievanceStage,
  type GrievanceStatus,
  grievanceNext,
  type ReviewRound,
} from '../domain/grievance.ts';
import { grievanceOwedBy } from '../domain/owed.ts';
import {
  bindRecorded,
  type ChainedEvent,
  chainRecorded,
  type StoredStateDigests,
  stateAfter,
} from '../domain/timeline.ts';
import { db, isConditionFailed, queryAll, transact } from './client.ts';
import { type ClockChange, type ClockRecord, clockChanged, clockCreated } from './clocks.ts';
import { type PageResult, queryPage } from './pages.ts';
import { tableName } from './tables.ts';

/** A deadline as the grievance keeps it: the last day, 24:00+08:00 of it, the same instant in UTC. */
export interface StageDeadline {
  readonly deadlineDate: string;
  readonly deadline: string;
  readonly deadlineAt: string;
}

/**
 * A grievance (投诉、举报、申诉). Like a case, it carries the promise (its stage deadlines) and its hash-chained
 * timeline; its clocks (GRIEVANCE_* duties) carry the enforcement and are written with it in one transaction.
 * `complainant`, `complainantSub`, `contact` and `queryCode` identify who filed it: only the complainant and
 * supervision ever see them (functions/domain/grievance.ts, `redacted`).
 */
export interface GrievanceRecord {
  readonly id: string;
  readonly kind: GrievanceKind;
  readonly status: GrievanceStatus;
  readonly anonymous: boolean;
  readonly summary: string;
  readonly detail: string;
  /** The department complained of (or assigned at acceptance), the case and the officer where named. */
  readonly departmentId?: string;
  readonly caseId?: string;
  readonly officer?: string;
  /** The applicant's account that filed it (absent when anonymous). */
  readonly complainantSub?: string;
  readonly contact?: { readonly name?: string; readonly phone?: string };
  /** SHA-256 of the anonymous filer's query code (the code itself is shown once, at filing). */
  readonly queryCode?: string;
  readonly unit: 'CALENDAR_DAYS' | 'WORKING_DAYS';
  readonly acceptBy: StageDeadline;
  readonly handleBy?: StageDeadline;
  readonly reviewWindowBy?: StageDeadline;
  readonly reviewBy?: StageDeadline;
  readonly assignedTo?: string;
  readonly referral?: { readonly agency: string; readonly reason: string; readonly by: string; readonly at: string };
  /** The handling stage's one extension; `reviewExtension` and `rereviewExtension` the review's and re-review's. */
  readonly extension?: GrievanceExtension;
  readonly reviewExtension?: GrievanceExtension;
  readonly rereviewExtension?: GrievanceExtension;
  readonly findings?: {
    readonly substantiated: boolean;
    readonly findings: string;
    readonly actions: string;
    readonly by: string;
    readonly at: string;
    readonly late: boolean;
  };
  /** The latest review asked for (round 1: the review 复查, 2: the re-review 复核) and its deadline (`reviewBy`). */
  readonly reviewRequest?: { readonly reason: string; readonly at: string; readonly round?: ReviewRound };
  readonly reviewRound?: ReviewRound;
  /** Each review's answer, in order: whether it upheld the answer before it, and the finding it leaves. */
  readonly reviewDecisions?: readonly ReviewDecision[];
  /** Once overdue: the stage, and supervision's deadline (督办期限). */
  readonly overdueStage?: GrievanceStage;
  readonly supervision?: StageDeadline & { readonly since: string };
  readonly redCardAt?: string;
  readonly timeline: readonly ChainedEvent[];
  readonly timelineHead: string;
  readonly stateDigests?: StoredStateDigests;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface GrievanceExtension {
  readonly days: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly status: 'PENDING' | 'APPROVED';
  readonly approvedBy?: string;
  readonly approvedAt?: string;
}

export interface ReviewDecision {
  readonly round: ReviewRound;
  readonly upheld: boolean;
  /** The finding after this decision (the earlier one when upheld). */
  readonly substantiated: boolean;
  readonly findings: string;
  readonly actions: string;
  readonly by: string;
  readonly at: string;
  readonly late: boolean;
}

const table = () => tableName('grievances');
/** The constant key of the `register` index (supervision's list of every grievance). */
const REGISTRY = 'GRIEVANCES';

/** Writes a new grievance with its first clock, in one transaction. @returns false if the id exists. */
export async function createGrievance(record: GrievanceRecord, clocks: readonly ClockRecord[]): Promise<boolean> {
  // Two creations of one id (an Idempotency-Key replayed while the first is in flight): the first writes, the second
  // fails its condition and writes nothing.
  // `registry`: every grievance is on supervision's list (the `register` index); `owedBy` as its status says.
  const owedBy = grievanceOwedBy(record);
  const item = { ...record, registry: REGISTRY, ...(owedBy ? { owedBy } : {}) };
  const put = { TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(id)' };
  if (clocks.length) return transact([{ Put: put }, ...clocks.map(clockCreated)]);
  try {
    await db().send(new PutCommand(put));
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export async function getGrievance(id: string): Promise<GrievanceRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: { id }, ConsistentRead: true }));
  return out.Item as GrievanceRecord | undefined;
}

/** The grievance an anonymous filer's query code (its SHA-256) names. */
export async function grievanceByCode(codeHash: string): Promise<GrievanceRecord | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byQueryCode',
      KeyConditionExpression: 'queryCode = :code',
      ExpressionAttributeValues: { ':code': codeHash },
    }),
  );
  const id = (out.Items?.[0] as { id?: string } | undefined)?.id;
  return id ? getGrievance(id) : undefined;
}

export interface GrievanceClockWrites {
  readonly created?: readonly ClockRecord[];
  readonly changes?: readonly ClockChange[];
}

/**
 * Moves a grievance on by one timeline event, with its clocks, in one transaction. The event must be a move of the
 * lifecycle table (functions/domain/grievance.ts). `deadlinePassedBy`: the write is for a deadline that passed (the
 * overdue or close consequence), so the stage's deadline attribute must be ≤ that instant; `beforeDeadline`: the
 * write must come before it (nothing in the contract needs it yet beyond the extension).
 * @returns the grievance as written, or undefined when another write came first (the caller re-reads).
 */
export async function writeGrievance(
  current: GrievanceRecord,
  event: GrievanceEntry & { readonly type: GrievanceEventType },
  set: Readonly<Record<string, unknown>>,
  clocks: GrievanceClockWrites = {},
  guard?: { readonly attribute: string; readonly passedBy?: string; readonly before?: string },
): Promise<GrievanceRecord | undefined> {
  const to = grievanceNext(current.status, event.type);
  if (!to) throw new Error(`grievance lifecycle: a ${current.status} grievance takes no ${event.type} event`);
  const fields = { ...set, status: to };
  const bound = bindRecorded(current, event, stateAfter(current, { ...fields, updatedAt: event.at }));
  const chained = chainRecorded(current.timelineHead, bound.entry);
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':one': 1,
    ':events': [chained],
    ':newHead': chained.hash,
    ':digests': bound.digests,
    ':head': current.timelineHead,
    ':from': current.status,
    ':at': event.at,
  };
  const assignments = [
    'version = version + :one',
    'timeline = list_append(timeline, :events)',
    'timelineHead = :newHead',
    'stateDigests = :digests',
    'updatedAt = :at',
  ];
  Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      assignments.push(`#f${i} = :f${i}`);
    });
  // Every race on a grievance (acceptance vs the acceptance deadline, an answer vs the handling deadline, a review
  // request vs the review window's close, two staff at once) is decided here: each write needs the status and the
  // timeline head it read, so DynamoDB applies one and the loser re-reads. The deadline guards say on which side of
  // the deadline the write belongs: the overdue write needs it passed (≤ now), so a clock that woke early writes nothing.
  // The worklist's sparse key follows the status written: set while the assigned department owes a stage, else gone.
  const owedBy = grievanceOwedBy(stateAfter(current, fields) as unknown as GrievanceRecord);
  // Supervision's list key again (a grievance written before it existed is listed from its next write on).
  names['#registry'] = 'registry';
  values[':registry'] = REGISTRY;
  assignments.push('#registry = :registry');
  if (owedBy) {
    names['#owedBy'] = 'owedBy';
    values[':owedBy'] = owedBy;
    assignments.push('#owedBy = :owedBy');
  }
  let condition = '#status = :from AND timelineHead = :head';
  if (guard) {
    names['#g'] = guard.attribute;
    if (guard.passedBy) {
      values[':gNow'] = guard.passedBy;
      condition += ' AND #g.deadlineAt <= :gNow';
    }
    if (guard.before) {
      values[':gNow'] = guard.before;
      condition += ' AND #g.deadlineAt > :gNow';
    }
  }
  const update = {
    Update: {
      TableName: table(),
      Key: { id: current.id },
      UpdateExpression: `SET ${assignments.join(', ')}${owedBy ? '' : ' REMOVE owedBy'}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
  const ok = await transact([
    update,
    ...(clocks.created ?? []).map(clockCreated),
    ...(clocks.changes ?? []).map((c) => clockChanged(c, event.at)),
  ]);
  if (!ok) return undefined;
  return {
    ...(stateAfter(current, { ...fields, owedBy }, owedBy ? [] : ['owedBy']) as unknown as GrievanceRecord),
    timeline: [...current.timeline, chained],
    timelineHead: chained.hash,
    stateDigests: bound.digests,
    version: current.version + 1,
    updatedAt: event.at,
  };
}

/** The grievances a department owes a stage on (its worklist): one Query on the sparse `owedByDepartment` index. */
export async function owedGrievancesOf(departmentId: string): Promise<GrievanceRecord[]> {
  return (await queryAll({
    TableName: table(),
    IndexName: 'owedByDepartment',
    KeyConditionExpression: 'owedBy = :department',
    ExpressionAttributeValues: { ':department': departmentId },
  })) as unknown as GrievanceRecord[];
}

/** Whose grievances a list shows: supervision's (all), a department's (assigned to it), a complainant's (own). */
export type GrievanceListScope =
  | { readonly all: true }
  | { readonly department: string }
  | { readonly complainant: string };

/** One page of grievances, newest first, filtered by status and kind where asked. */
export async function grievancesPage(
  scope: GrievanceListScope,
  options: {
    readonly limit: number;
    readonly cursor?: string | undefined;
    readonly status?: string | undefined;
    readonly kind?: string | undefined;
  },
): Promise<PageResult<GrievanceRecord>> {
  const [index, name, value] =
    'all' in scope
      ? ['register', 'registry', REGISTRY]
      : 'department' in scope
        ? ['byAssignee', 'assignedTo', scope.department]
        : ['byComplainant', 'complainantSub', scope.complainant];
  return queryPage<GrievanceRecord>({
    table: table(),
    index,
    partition: { name, value },
    sortKey: 'createdAt',
    tableKey: 'id',
    limit: options.limit,
    cursor: options.cursor,
    filters: {
      status: options.status ? [options.status] : undefined,
      kind: options.kind ? [options.kind] : undefined,
    },
  });
}
