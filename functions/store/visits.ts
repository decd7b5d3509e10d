import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type ChainedEvent, chainRecorded, genesisHash } from '../domain/timeline.ts';
import {
  type ProblemStatus,
  problemOwed,
  type VisitEventType,
  type VisitKind,
  type VisitProblemFacts,
} from '../domain/visit.ts';
import { db, queryAll, type TransactItem, transact } from './client.ts';
import { tableName } from './tables.ts';

/** One problem found on a visit (明察暗访), with its rectification. */
export interface VisitProblem extends VisitProblemFacts {
  readonly id: string;
  readonly description: string;
  readonly status: ProblemStatus;
  /** The supervisor flagged it for the accountability register on recording (VISIT_FINDING opened at once). */
  readonly accountable: boolean;
  readonly rectification?: {
    readonly at: string;
    readonly by: string;
    readonly actions: string;
    readonly late: boolean;
  };
}

/** An inspection visit as stored (functions/domain/visit.ts; docs/supervision.md). */
export interface VisitRecord {
  readonly id: string;
  readonly departmentId: string;
  readonly kind: VisitKind;
  /** When the visit took place (as the supervisor says; ISO 8601 with offset). */
  readonly at: string;
  readonly findings: string;
  readonly problems: readonly VisitProblem[];
  /** When and by whom it was recorded: the department sees it (an unannounced one, at all) only from then. */
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly timeline: readonly ChainedEvent[];
  readonly timelineHead: string;
  readonly version: number;
  readonly updatedAt: string;
}

export interface VisitEvent {
  readonly at: string;
  readonly type: VisitEventType;
  readonly by: string;
  readonly note?: string;
}

const table = () => tableName('visits');

/** The index keys the store keeps beside the visit (never shown). */
function indexKeys(v: VisitRecord): Record<string, string> {
  const owed = v.problems.some(problemOwed);
  return {
    year: v.recordedAt.slice(0, 4),
    recordedAtUtc: new Date(v.recordedAt).toISOString(),
    ...(owed ? { owedBy: v.departmentId } : {}),
  };
}

function fromItem(item: Record<string, unknown>): VisitRecord {
  const { year: _y, recordedAtUtc: _r, owedBy: _o, ...rest } = item;
  return rest as unknown as VisitRecord;
}

/** A new visit, its timeline begun with VISIT_RECORDED. */
export function newVisit(
  fields: Omit<VisitRecord, 'timeline' | 'timelineHead' | 'version' | 'updatedAt'>,
  note: string,
) {
  const first = chainRecorded(genesisHash(fields.id), {
    at: fields.recordedAt,
    type: 'VISIT_RECORDED' satisfies VisitEventType,
    by: fields.recordedBy,
    note,
  });
  return { ...fields, timeline: [first], timelineHead: first.hash, version: 1, updatedAt: fields.recordedAt };
}

/**
 * Writes a new visit with each problem's clock, in one transaction.
 * @returns false when a visit of that id exists (ids are ULIDs: only a retry of the same write finds one).
 */
export async function createVisit(visit: VisitRecord, clocks: readonly TransactItem[]): Promise<boolean> {
  return transact([
    {
      Put: {
        TableName: table(),
        Item: { ...visit, ...indexKeys(visit) },
        ConditionExpression: 'attribute_not_exists(id)',
      },
    },
    ...clocks,
  ]);
}

export async function getVisit(id: string): Promise<VisitRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: { id }, ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

export async function visitsOfYear(year: string): Promise<VisitRecord[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'byYear',
    KeyConditionExpression: '#year = :year',
    ExpressionAttributeNames: { '#year': 'year' },
    ExpressionAttributeValues: { ':year': year },
    ScanIndexForward: false,
  });
  return items.map(fromItem);
}

export async function visitsOfDepartment(departmentId: string): Promise<VisitRecord[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'byDepartment',
    KeyConditionExpression: 'departmentId = :d',
    ExpressionAttributeValues: { ':d': departmentId },
    ScanIndexForward: false,
  });
  return items.map(fromItem);
}

/** A department's visits with a problem still unreported (the worklist). */
export async function owedVisitsOf(departmentId: string): Promise<VisitRecord[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'owedByDepartment',
    KeyConditionExpression: 'owedBy = :d',
    ExpressionAttributeValues: { ':d': departmentId },
  });
  return items.map(fromItem);
}

/**
 * Replaces the visit's problems with `problems` and appends `event` to its timeline, with the clock changes it
 * implies, in one transaction.
 * @returns the visit as written, or undefined when it changed since `before` was read (the caller re-reads).
 */
export async function writeVisit(
  before: VisitRecord,
  problems: readonly VisitProblem[],
  event: VisitEvent,
  clocks: readonly TransactItem[] = [],
): Promise<VisitRecord | undefined> {
  const chained = chainRecorded(before.timelineHead, event);
  const after: VisitRecord = {
    ...before,
    problems,
    timeline: [...before.timeline, chained],
    timelineHead: chained.hash,
    version: before.version + 1,
    updatedAt: event.at,
  };
  const owed = problems.some(problemOwed);
  const update: TransactItem = {
    Update: {
      TableName: table(),
      Key: { id: before.id },
      UpdateExpression: `SET problems = :problems, timeline = list_append(timeline, :event), timelineHead = :newHead, version = version + :one, updatedAt = :at${owed ? '' : ' REMOVE owedBy'}`,
      // A head's report vs the clock's escalation of the same problem, or two reports at once: each write appends
      // under the head it read, so of two writes from the same head DynamoDB applies one; the other re-reads and
      // finds the problem moved (the report is then late, or already made: 409).
      ConditionExpression: 'timelineHead = :head',
      ExpressionAttributeValues: {
        ':problems': problems,
        ':event': [chained],
        ':newHead': chained.hash,
        ':one': 1,
        ':at': event.at,
        ':head': before.timelineHead,
      },
    },
  };
  return (await transact([update, ...clocks])) ? after : undefined;
}
