import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { rectificationOwed } from '../domain/owed.ts';
import type { RatingEventType, RatingLevel, RectificationFacts, RectificationStatus } from '../domain/rating.ts';
import { type ChainedEvent, chainRecorded, genesisHash } from '../domain/timeline.ts';
import { chainedAppend } from './chained-append.ts';
import { db, queryAll, type TransactItem, transact } from './client.ts';
import { type ClockRecord, clockCreated } from './clocks.ts';
import { type PageResult, queryPage } from './pages.ts';
import { tableName } from './tables.ts';

/** A bad review's rectification as kept: the facts the status derives from, with what each stage said. */
export interface Rectification extends RectificationFacts {
  readonly contactByDate: string;
  readonly rectifyByDate: string;
  readonly contactNote?: string;
  readonly contactedBy?: string;
  readonly actions?: string;
  readonly rectifiedBy?: string;
}

/** One satisfaction review (好差评) of a closed case, with its rectification and its own hash-chained timeline. */
export interface RatingRecord {
  /** `RT-<case id>`: one rating per case, made once by a conditional PutItem. */
  readonly id: string;
  readonly caseId: string;
  readonly applicantSub: string;
  readonly departmentId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly handler: { readonly id: string; readonly name: string };
  readonly leader: { readonly id: string; readonly name: string };
  readonly level: RatingLevel;
  readonly bad: boolean;
  readonly comment?: string;
  /** +08:00 ISO, and the same instant in UTC (the `byPeriod` sort key); `period`: the China-local month rated in. */
  readonly ratedAt: string;
  readonly ratedAtUtc: string;
  readonly period: string;
  /** Present on a bad review only. */
  readonly status?: RectificationStatus;
  readonly rectification?: Rectification;
  readonly followUp?: { readonly level: RatingLevel; readonly at: string; readonly by: string };
  readonly appeal?: {
    readonly reason: string;
    readonly at: string;
    readonly by: string;
    readonly decision?: { readonly upheld: boolean; readonly reason: string; readonly at: string; readonly by: string };
  };
  /** Supervision upheld the department's appeal: not counted in the statistics, for this reason. */
  readonly excluded?: { readonly reason: string; readonly at: string; readonly by: string };
  readonly timeline: readonly ChainedEvent[];
  readonly timelineHead: string;
  readonly version: number;
  readonly updatedAt: string;
}

export interface RatingEvent {
  readonly at: string;
  readonly type: RatingEventType;
  readonly by: string;
  readonly note?: string;
}

const table = () => tableName('ratings');

export function ratingIdOf(caseId: string): string {
  return `RT-${caseId}`;
}

export async function getRating(id: string): Promise<RatingRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: { id }, ConsistentRead: true }));
  return out.Item as RatingRecord | undefined;
}

/** A new rating with its first event chained, before it is written. */
export function newRating(
  fields: Omit<RatingRecord, 'timeline' | 'timelineHead' | 'version' | 'updatedAt'>,
  event: RatingEvent,
): RatingRecord {
  const first = chainRecorded(genesisHash(fields.id), event);
  return { ...fields, timeline: [first], timelineHead: first.hash, version: 1, updatedAt: event.at };
}

/** The constant key of the `badReviews` index (supervision's list of every bad review). */
const BAD = 'BAD';

/**
 * A new rating with its list and worklist index keys (functions/store/tables.ts): a bad review is on its department's
 * and supervision's lists, and on the department's worklist while it owes a stage (`rectifyingDepartment`).
 */
function indexed(rating: RatingRecord): Record<string, unknown> {
  if (!rating.bad) return { ...rating };
  return {
    ...rating,
    badDepartment: rating.departmentId,
    badReview: BAD,
    ...(rectificationOwed(rating) ? { rectifyingDepartment: rating.departmentId } : {}),
  };
}

/**
 * Writes a new rating and the clocks a bad review starts, in one transaction.
 * @returns false when the case is already rated (nothing written).
 */
export async function createRating(rating: RatingRecord, clocks: readonly ClockRecord[]): Promise<boolean> {
  return transact([
    // Two ratings of one case at once (a double click, two devices): the id is the case's, so one Put wins.
    { Put: { TableName: table(), Item: indexed(rating), ConditionExpression: 'attribute_not_exists(id)' } },
    ...clocks.map(clockCreated),
  ]);
}

/**
 * Appends `event` to the rating's timeline with the fields it changes, and the clock changes it implies (each
 * `clockChanged(change, event.at)`, built by the caller: a write that moves no clock reaches no clock), in one
 * transaction.
 * @returns the rating as written, or undefined when it changed since `before` was read (the caller re-reads).
 */
export async function writeRating(
  before: RatingRecord,
  set: Partial<Omit<RatingRecord, 'id' | 'timeline' | 'timelineHead' | 'version' | 'updatedAt'>>,
  event: RatingEvent,
  clocks: readonly TransactItem[] = [],
): Promise<RatingRecord | undefined> {
  const { chained, names, values, assignments } = chainedAppend(before.timelineHead, set, event);
  // The worklist's sparse key follows the rectification written: kept while a stage is owed, removed once none is.
  const owing = before.bad && rectificationOwed({ ...before, ...set } as RatingRecord) !== undefined;
  if (owing) {
    names['#owing'] = 'rectifyingDepartment';
    values[':owing'] = before.departmentId;
    assignments.push('#owing = :owing');
  }
  if (before.bad) {
    // The list keys again (a bad review written before they existed is listed from its next write on).
    values[':badDepartment'] = before.departmentId;
    values[':bad'] = BAD;
    assignments.push('badDepartment = :badDepartment', 'badReview = :bad');
  }
  const update: TransactItem = {
    Update: {
      TableName: table(),
      Key: { id: before.id },
      UpdateExpression: `SET ${assignments.join(', ')}${owing ? '' : ' REMOVE rectifyingDepartment'}`,
      // Every race on a rating (a stage done vs its deadline, two follow-ups, an appeal decided twice, the checkpoint
      // vs its retry or the reconciler) is decided here: each write appends under the head it read, so of two writes
      // from the same head DynamoDB applies one and the other re-reads.
      ConditionExpression: 'timelineHead = :head',
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
  const written = await transact([update, ...clocks]);
  if (!written) return undefined;
  return {
    ...before,
    ...set,
    timeline: [...before.timeline, chained],
    timelineHead: chained.hash,
    version: before.version + 1,
    updatedAt: event.at,
  } as RatingRecord;
}

/** The ratings given in a China-local month (`YYYY-MM`), oldest first: the public summary's one Query. */
export async function ratingsOfPeriod(period: string): Promise<RatingRecord[]> {
  return (await queryAll({
    TableName: table(),
    IndexName: 'byPeriod',
    KeyConditionExpression: 'period = :period',
    ExpressionAttributeValues: { ':period': period },
  })) as unknown as RatingRecord[];
}

/** The bad reviews a department still owes a stage on (its worklist): one Query on the sparse index. */
export async function owedRectificationsOf(departmentId: string): Promise<RatingRecord[]> {
  return (await queryAll({
    TableName: table(),
    IndexName: 'owedRectifications',
    KeyConditionExpression: 'rectifyingDepartment = :department',
    ExpressionAttributeValues: { ':department': departmentId },
  })) as unknown as RatingRecord[];
}

/** Whose ratings a list shows: every bad review (supervision), a department's bad reviews, an applicant's own. */
export type RatingListScope = { readonly all: true } | { readonly department: string } | { readonly applicant: string };

/** One page of ratings, newest first, filtered by rectification status where asked. */
export async function ratingsPage(
  scope: RatingListScope,
  options: { readonly limit: number; readonly cursor?: string | undefined; readonly status?: string | undefined },
): Promise<PageResult<RatingRecord>> {
  const [index, name, value] =
    'all' in scope
      ? ['badReviews', 'badReview', BAD]
      : 'department' in scope
        ? ['badByDepartment', 'badDepartment', scope.department]
        : ['byApplicant', 'applicantSub', scope.applicant];
  return queryPage<RatingRecord>({
    table: table(),
    index,
    partition: { name, value },
    sortKey: 'ratedAtUtc',
    tableKey: 'id',
    limit: options.limit,
    cursor: options.cursor,
    filters: { status: options.status ? [options.status] : undefined },
  });
}
