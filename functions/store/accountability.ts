import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AccountabilityEventType,
  type AccountabilityStatus,
  accountabilityIdOf,
  type Responsibility,
} from '../domain/accountability.ts';
import type { AccountabilityReason } from '../domain/case.ts';
import { type ChainedEvent, chainRecorded, genesisHash } from '../domain/timeline.ts';
import { db, putOnce, queryAll, type TransactItem, transact } from './client.ts';
import { tableName } from './tables.ts';

/** A decision on a record (functions/domain/accountability.ts): who is responsible, the sanction, the findings. */
export interface AccountabilityDecision {
  readonly responsibility: Responsibility;
  readonly sanction: string;
  readonly findings: string;
  /** Whom it names (the record's handler and/or leader, as the responsibility says). */
  readonly answerable: readonly { readonly role: 'HANDLER' | 'LEADER'; readonly id: string; readonly name: string }[];
  readonly at: string;
  readonly by: string;
  /** Decided after the investigation's limit ran out (it was escalated). */
  readonly late: boolean;
}

/** A record that puts the handler and the signing leader on record for a case that ran out of time (问责). */
export interface AccountabilityRecord {
  readonly caseId: string;
  readonly reason: AccountabilityReason;
  readonly departmentId: string;
  readonly itemCode: string;
  readonly handler: { readonly id: string; readonly name: string };
  readonly leader: { readonly id: string; readonly name: string };
  /** When the deadline ran out (ISO 8601, +08:00). */
  readonly at: string;
  readonly deadline: string;
  readonly recordedBy: string;
  /** The project of a deemed agreement (its `caseId` is `<project id>/<department id>`: one record per department). */
  readonly projectId?: string;
  /** Set when a supervisor finds the deemed approval wrongful. */
  readonly escalation?: { readonly at: string; readonly by: string; readonly why: string; readonly level: 'SERIOUS' };
  // ---- The register's workflow (issue 16). Absent on records written before it: they read as OPEN, no timeline. ----
  /** `accountabilityIdOf(caseId, reason)`: stored from the first write that knows it; always derivable from the key. */
  readonly id?: string;
  readonly status?: AccountabilityStatus;
  readonly investigation?: {
    readonly at: string;
    readonly by: string;
    readonly note?: string;
    readonly deadline: string;
    readonly deadlineDate: string;
    readonly workingDays: number;
    /** The limit ran out undecided: escalated to the centre's leadership, when. */
    readonly overdueAt?: string;
  };
  readonly decision?: AccountabilityDecision;
  readonly publication?: { readonly at: string; readonly by: string };
  readonly dismissal?: { readonly at: string; readonly by: string; readonly reason: string; readonly late: boolean };
  readonly timeline?: readonly ChainedEvent[];
  readonly timelineHead?: string;
  readonly version?: number;
  readonly updatedAt?: string;
}

/** What a record's source writes (the workflow's fields are the store's). */
export type NewAccountabilityRecord = Omit<
  AccountabilityRecord,
  | 'id'
  | 'status'
  | 'investigation'
  | 'decision'
  | 'publication'
  | 'dismissal'
  | 'timeline'
  | 'timelineHead'
  | 'version'
  | 'updatedAt'
>;

export interface AccountabilityEvent {
  readonly at: string;
  readonly type: AccountabilityEventType;
  readonly by: string;
  readonly note?: string;
}

const table = () => tableName('accountability');

export function idOfRecord(r: { readonly caseId: string; readonly reason: string }): string {
  return accountabilityIdOf(r.caseId, r.reason);
}

/**
 * Writes the record once per (case, reason), OPEN, its timeline begun with ACCOUNTABILITY_RECORDED. Every observer of
 * an expired case (the clock's checkpoint, its retry, the reconciler) calls this; the key condition makes the second
 * and later calls no-ops.
 * @returns true if this call wrote it.
 */
export async function recordOnce(record: NewAccountabilityRecord): Promise<boolean> {
  const id = idOfRecord(record);
  const first = chainRecorded(genesisHash(id), {
    at: record.at,
    type: 'ACCOUNTABILITY_RECORDED' satisfies AccountabilityEventType,
    by: record.recordedBy,
  });
  // Two observers finishing the same expiry:   A: put ───────────▶ ok
  //                                            B:     put ────────▶ ConditionalCheckFailed (already there)
  // The key (caseId, reason) exists once, so exactly one record stands whoever comes first.
  return putOnce(
    table(),
    {
      ...record,
      id,
      status: 'OPEN' satisfies AccountabilityStatus,
      timeline: [first],
      timelineHead: first.hash,
      version: 1,
      updatedAt: record.at,
      year: record.at.slice(0, 4),
    },
    'caseId',
  );
}

export async function getRecord(
  caseId: string,
  reason: AccountabilityReason,
): Promise<AccountabilityRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: { caseId, reason }, ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { year: _year, ...rest } = out.Item;
  return rest as AccountabilityRecord;
}

export async function listByYear(year: string): Promise<AccountabilityRecord[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'byYear',
    KeyConditionExpression: '#year = :year',
    ExpressionAttributeNames: { '#year': 'year' },
    ExpressionAttributeValues: { ':year': year },
    ScanIndexForward: false,
  });
  return items.map(({ year: _year, ...rest }) => rest) as unknown as AccountabilityRecord[];
}

/**
 * Appends `event` to the record's timeline with the fields it changes (its `status` among them) and the clock changes
 * it implies, in one transaction.
 * @returns the record as written, or undefined when it changed since `before` was read (the caller re-reads).
 */
export async function writeRecord(
  before: AccountabilityRecord,
  set: Partial<Omit<AccountabilityRecord, 'caseId' | 'reason' | 'timeline' | 'timelineHead' | 'version'>>,
  event: AccountabilityEvent,
  clocks: readonly TransactItem[] = [],
): Promise<AccountabilityRecord | undefined> {
  const id = idOfRecord(before);
  // A record written before the workflow has no timeline: its first event chains to the genesis of its id.
  const head = before.timelineHead ?? genesisHash(id);
  const chained = chainRecorded(head, event);
  const names: Record<string, string> = { '#id': 'id' };
  const values: Record<string, unknown> = {
    ':event': [chained],
    ':empty': [],
    ':newHead': chained.hash,
    ':one': 1,
    ':zero': 0,
    ':updatedAt': event.at,
    ':id': id,
  };
  const assignments = [
    'timeline = list_append(if_not_exists(timeline, :empty), :event)',
    'timelineHead = :newHead',
    'version = if_not_exists(version, :zero) + :one',
    'updatedAt = :updatedAt',
    '#id = :id',
  ];
  Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      assignments.push(`#f${i} = :f${i}`);
    });
  let condition: string;
  if (before.timelineHead) {
    values[':head'] = before.timelineHead;
    condition = 'timelineHead = :head';
  } else {
    condition = 'attribute_exists(caseId) AND attribute_not_exists(timelineHead)';
  }
  const update: TransactItem = {
    Update: {
      TableName: table(),
      Key: { caseId: before.caseId, reason: before.reason },
      UpdateExpression: `SET ${assignments.join(', ')}`,
      // Every race on a record (two supervisors deciding at once, a decision vs its clock's escalation, a publication
      // vs a second one, a retry vs the first try) is decided here: each write appends under the head it read, so of
      // two writes from the same head DynamoDB applies one and the other re-reads and finds the state moved (409). A
      // record from before the workflow has no head: the first write to give it one wins the same way.
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
  const written = await transact([update, ...clocks]);
  if (!written) return undefined;
  return {
    ...before,
    ...set,
    id,
    timeline: [...(before.timeline ?? []), chained],
    timelineHead: chained.hash,
    version: (before.version ?? 0) + 1,
    updatedAt: event.at,
  } as AccountabilityRecord;
}

/** A wrongful deemed approval: the record is escalated for serious handling (严肃处理), once. */
export async function escalate(
  caseId: string,
  reason: AccountabilityReason,
  escalation: { readonly at: string; readonly by: string; readonly why: string },
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { caseId, reason },
      UpdateExpression: 'SET escalation = :escalation',
      ExpressionAttributeValues: { ':escalation': { ...escalation, level: 'SERIOUS' } },
      ConditionExpression: 'attribute_exists(caseId)',
    }),
  );
}
