import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { InspectionEventType, InspectionStatus } from '../domain/enforcement.ts';
import { type ChainedEvent, chainRecorded, genesisHash } from '../domain/timeline.ts';
import { chainedAppend } from './chained-append.ts';
import { db, queryAll, type TransactItem, transact } from './client.ts';
import { tableName } from './tables.ts';

/** An inspector on a plan: the name, and the law-enforcement certificate number (执法证号) shown at the door. */
export interface Inspector {
  readonly name: string;
  readonly certificateNo?: string;
}

/** A law-enforcement inspection of an enterprise (docs/enforcement.md). */
export interface InspectionRecord {
  /** `EI<yyyymmdd>-<ULID>`. */
  readonly id: string;
  readonly departmentId: string;
  readonly enterprise: { readonly name: string; readonly creditCode: string };
  readonly purpose: string;
  readonly legalBasis: string;
  /** The planned instant (ISO 8601, +08:00) and its China-local date. */
  readonly plannedAt: string;
  readonly plannedDate: string;
  readonly inspectors: readonly Inspector[];
  readonly status: InspectionStatus;
  readonly plannedBy: string;
  /** Over the yearly limit of inspections of the enterprise: the cause stated, flagged to supervision. */
  readonly overLimit: boolean;
  readonly cause?: string;
  readonly approval?: { readonly at: string; readonly by: string; readonly note?: string };
  readonly rejection?: { readonly at: string; readonly by: string; readonly reason: string };
  readonly filing?: { readonly at: string; readonly by: string; readonly note?: string };
  /** Issued by the filing: what the enterprise checks at its door. */
  readonly verificationCode?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly result?: {
    readonly at: string;
    readonly by: string;
    readonly findings: string;
    readonly carriedOutAt: string;
  };
  readonly createdAt: string;
  readonly createdAtUtc: string;
  readonly timeline: readonly ChainedEvent[];
  readonly timelineHead: string;
  readonly version: number;
  readonly updatedAt: string;
}

export interface InspectionEvent {
  readonly at: string;
  readonly type: InspectionEventType;
  readonly by: string;
  readonly note?: string;
}

const table = () => tableName('enforcement');

/** The counter of an enterprise's inspections planned for a year. */
export function quotaKey(year: string, creditCode: string): string {
  return `QUOTA#${year}#${creditCode}`;
}

/** The index keys an inspection carries, derived from what it holds. */
function indexKeys(i: Pick<InspectionRecord, 'plannedDate' | 'departmentId' | 'verificationCode'>) {
  const year = i.plannedDate.slice(0, 4);
  return {
    plannedYear: year,
    departmentYear: `${i.departmentId}#${year}`,
    ...(i.verificationCode ? { verificationCode: i.verificationCode } : {}),
  };
}

function fromItem(item: Record<string, unknown>): InspectionRecord {
  const { plannedYear: _y, departmentYear: _d, ...rest } = item;
  return rest as unknown as InspectionRecord;
}

/** A new inspection, its timeline begun with `event`. */
export function newInspection(
  fields: Omit<InspectionRecord, 'timeline' | 'timelineHead' | 'version' | 'updatedAt'>,
  event: InspectionEvent,
): InspectionRecord {
  const first = chainRecorded(genesisHash(fields.id), event);
  return { ...fields, timeline: [first], timelineHead: first.hash, version: 1, updatedAt: event.at };
}

export type CreateOutcome = 'CREATED' | 'EXISTS' | 'OVER_LIMIT';

/**
 * Writes a new inspection and counts it against its enterprise's year, in one transaction. With a `limit` the count
 * is conditional on staying under it; without one (an over-limit plan with its cause, flagged by the caller) it is not.
 * @returns CREATED; EXISTS when the id is there (a replayed request); OVER_LIMIT when the count is at the limit
 * (nothing written).
 */
export async function createInspection(
  inspection: InspectionRecord,
  limit: number | undefined,
): Promise<CreateOutcome> {
  const causeGiven = limit === undefined;
  const year = inspection.plannedDate.slice(0, 4);
  const written = await transact([
    {
      Put: {
        TableName: table(),
        Item: { ...inspection, ...indexKeys(inspection) },
        // Two creations of one id (an Idempotency-Key replayed while the first is in flight): one writes.
        ConditionExpression: 'attribute_not_exists(id)',
      },
    },
    {
      Update: {
        TableName: table(),
        Key: { id: quotaKey(year, inspection.enterprise.creditCode) },
        UpdateExpression: 'SET creditCode = :code, #year = :year ADD planned :one',
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: {
          ':code': inspection.enterprise.creditCode,
          ':year': year,
          ':one': 1,
          ...(causeGiven ? {} : { ':limit': limit }),
        },
        // Two departments planning the enterprise's last allowed inspection at once:
        //   A: read count 1 ── transact(count < 2 → 2) ───────────▶ ok
        //   B: read count 1 ──────── transact(count < 2: it is 2) ─▶ cancelled → B must state a cause
        // The count is decided here, in the write, not in what either read: both cannot slip under the limit.
        ...(causeGiven ? {} : { ConditionExpression: 'attribute_not_exists(planned) OR planned < :limit' }),
      },
    },
  ]);
  if (written) return 'CREATED';
  return (await getInspection(inspection.id)) ? 'EXISTS' : 'OVER_LIMIT';
}

/** How many inspections of the enterprise are counted for the year (planned, not rejected). */
export async function countedInYear(year: string, creditCode: string): Promise<number> {
  const out = await db().send(
    new GetCommand({ TableName: table(), Key: { id: quotaKey(year, creditCode) }, ConsistentRead: true }),
  );
  return Number(out.Item?.planned ?? 0);
}

export async function getInspection(id: string): Promise<InspectionRecord | undefined> {
  if (id.startsWith('QUOTA#')) return undefined;
  const out = await db().send(new GetCommand({ TableName: table(), Key: { id }, ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

/** The inspection a verification code was issued to (eventually consistent: a code is issued before it is read). */
export async function inspectionByCode(code: string): Promise<InspectionRecord | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byCode',
      KeyConditionExpression: 'verificationCode = :code',
      ExpressionAttributeValues: { ':code': code },
      Limit: 2,
    }),
  );
  const item = out.Items?.[0];
  return item ? fromItem(item) : undefined;
}

/** A year's inspections (by planned date), every department's or one's, newest plan first. */
export async function inspectionsOfYear(year: string, departmentId?: string): Promise<InspectionRecord[]> {
  const items = await queryAll(
    departmentId
      ? {
          TableName: table(),
          IndexName: 'byDepartment',
          KeyConditionExpression: 'departmentYear = :key',
          ExpressionAttributeValues: { ':key': `${departmentId}#${year}` },
          ScanIndexForward: false,
        }
      : {
          TableName: table(),
          IndexName: 'byYear',
          KeyConditionExpression: 'plannedYear = :key',
          ExpressionAttributeValues: { ':key': year },
          ScanIndexForward: false,
        },
  );
  return items.map(fromItem);
}

/**
 * Appends `event` to the inspection's timeline with the fields it changes, under the head it read, with `also` (a
 * counter's change) in the same transaction.
 * @returns the inspection as written, or undefined when it changed since `before` was read (the caller re-reads).
 */
export async function writeInspection(
  before: InspectionRecord,
  set: Partial<Omit<InspectionRecord, 'id' | 'timeline' | 'timelineHead' | 'version' | 'updatedAt'>>,
  event: InspectionEvent,
  also: readonly TransactItem[] = [],
): Promise<InspectionRecord | undefined> {
  const { chained, names, values, assignments } = chainedAppend(before.timelineHead, set, event);
  const after = { ...before, ...set };
  const written = await transact([
    {
      Update: {
        TableName: table(),
        Key: { id: before.id },
        UpdateExpression: `SET ${assignments.join(', ')}`,
        // Every race on an inspection (a head approving while another rejects, two supervisors filing, a record vs
        // a second one) is decided here: each write appends under the head it read, so of two writes from the same
        // head DynamoDB applies one and the other re-reads and finds the state moved (409).
        ConditionExpression: 'timelineHead = :head',
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    },
    ...also,
  ]);
  if (!written) return undefined;
  return {
    ...after,
    timeline: [...before.timeline, chained],
    timelineHead: chained.hash,
    version: before.version + 1,
    updatedAt: event.at,
  };
}

/** The counter change of a rejected plan: it no longer counts against its enterprise's year. */
export function releaseQuota(i: InspectionRecord): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: { id: quotaKey(i.plannedDate.slice(0, 4), i.enterprise.creditCode) },
      UpdateExpression: 'ADD planned :minusOne',
      ConditionExpression: 'planned > :zero',
      ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
    },
  };
}

/**
 * The inspections a department may owe something on (its worklist): those awaiting approval or filed and not yet
 * recorded, of the years given (of the planned date: a plan may be for next year, a filed one from last year still
 * unrecorded). One Query per year on `byDepartment`, filtered by status: a department plans tens a year, not thousands.
 */
export async function openInspectionsOf(departmentId: string, years: readonly string[]): Promise<InspectionRecord[]> {
  const perYear = await Promise.all(
    years.map((year) =>
      queryAll({
        TableName: table(),
        IndexName: 'byDepartment',
        KeyConditionExpression: 'departmentYear = :key',
        FilterExpression: '#status IN (:pending, :filed)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':key': `${departmentId}#${year}`,
          ':pending': 'PENDING_APPROVAL',
          ':filed': 'FILED',
        },
      }),
    ),
  );
  return perYear.flat().map(fromItem);
}
