import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { assertMove, type CaseStatus, type DecisionOutcome, type ExpiryOutcome } from '../domain/case.ts';
import type { MissingMaterial, ReceivingPoint, SubmittedMaterial } from '../domain/intake.ts';
import {
  bindEvent,
  type ChainedEvent,
  chainEvent,
  type StoredStateDigests,
  stateAfter,
  type TimelineEntry,
} from '../domain/timeline.ts';
import type { Officer } from './catalog.ts';
import { db, isConditionFailed, queryAll, transact } from './client.ts';
import {
  type ClockChange,
  type ClockRecord,
  clockChanged,
  clockCreated,
  clockEnds,
  getClock,
  type TransactItem,
} from './clocks.ts';
import { tableName } from './tables.ts';

/** One entry of a case's timeline: what happened, when, and who did it (a user's id or `system:<component>`). */
export type TimelineEvent = TimelineEntry;

export interface Applicant {
  readonly type: 'PERSON' | 'ENTERPRISE';
  readonly name: string;
  readonly phone: string;
  /** Resident ID number or unified social credit code; masked for viewers who do not handle the case. */
  readonly idNumber?: string;
}

export interface Pause {
  readonly reason: string;
  readonly note?: string;
  readonly expectedWorkingDays: number;
  readonly from: string;
  readonly by: string;
  readonly to?: string;
  readonly workingDays?: number;
}

export interface Extension {
  readonly workingDays: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly status: 'PENDING' | 'APPROVED';
  readonly approvedBy?: string;
  readonly approvedAt?: string;
}

/** A dated, numbered one-time notice listing every missing or defective material. */
export interface Notice {
  readonly number: string;
  readonly at: string;
  readonly by: string;
  readonly missing: readonly MissingMaterial[];
}

export interface Decision {
  readonly outcome: DecisionOutcome;
  readonly reason?: string;
  readonly by: string;
  readonly at: string;
  /** Recorded after the deadline, on an OVERDUE case. */
  readonly late: boolean;
}

export interface Expiry {
  readonly outcome: ExpiryOutcome;
  /** The deadline instant at which the case ran out of time (ISO 8601, +08:00). */
  readonly at: string;
  /** When and by which component the rule was applied (the clock at the deadline, or the reconciler later). */
  readonly appliedAt: string;
  readonly appliedBy: string;
}

/** Supervision (督办) of an overdue case: notified at the deadline, with a deadline of its own. */
export interface Supervision {
  readonly since: string;
  /** The last working day by which the department must close the case (2 working days after its deadline). */
  readonly deadlineDate: string;
  /** 00:00+08:00 of the day after deadlineDate: the red-card instant. */
  readonly deadline: string;
  /** The same instant in UTC (compared like `deadlineAt`). */
  readonly deadlineAt: string;
}

export interface CaseRecord {
  readonly id: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departmentId: string;
  readonly applicant: Applicant;
  /** The token subject that submitted it (an applicant's own id, or the clerk who entered it at the window). */
  readonly submittedBy: string;
  /** The applicant's account when the applicant submitted it themselves (scopes applicant reads). */
  readonly applicantSub?: string;
  /** Submitted materials, with the defect the receiving clerk found, if any. */
  readonly materials: readonly SubmittedMaterial[];
  /** The applicant's answers to the item's form (一表通). */
  readonly form: Readonly<Record<string, unknown>>;
  /** The project it belongs to (docs/green-channel.md), and whether that is a green-channel project (worklist priority). */
  readonly projectId?: string;
  readonly greenChannel?: boolean;
  readonly receivedBy: ReceivingPoint;
  readonly status: CaseStatus;
  readonly version: number;
  readonly receivedAt: string;
  /** The promised limit of the item, in working days. */
  readonly workingDays: number;
  /** The item's own yellow threshold in working days, if it sets one (else max(1, 20% of the limit)). */
  readonly yellowWarningDays?: number;
  /**
   * Written by versions before the deadline engine (the clock record now keeps `warnedFor`); kept on old cases because
   * it is bound to their timeline.
   */
  readonly yellowWarnedFor?: string;
  /** Set when an ineligible case runs out of time (OVERDUE): supervision (督办) and the date it must be closed by. */
  readonly supervision?: Supervision;
  /** When the clock raised the red card: still open at the supervision deadline. */
  readonly redCardAt?: string;
  /** Set at acceptance (absent while MATERIALS_REQUIRED: the clock has not started). */
  readonly acceptedOn?: string;
  readonly deadlineDate?: string;
  readonly deadline?: string;
  /** The deadline as a UTC ISO string with milliseconds: sortable, compared in the decision's and expiry's conditions. */
  readonly deadlineAt?: string;
  readonly provisional?: boolean;
  /** One-time notices (一次性告知) given, in order; a second one is an anomaly. */
  readonly notices: readonly Notice[];
  readonly anomalies?: readonly string[];
  /** For a case RECEIVED for review: the end of the 5th working day after receipt (Art.32), and the same in UTC. */
  readonly reviewDeadline?: string;
  readonly reviewDeadlineAt?: string;
  /** Accepted from receipt because nobody acted within the review period (Art.32). */
  readonly deemedAccepted?: boolean;
  /** A supervisor's post-hoc review of a deemed approval. */
  readonly review?: {
    readonly verdict: 'CONFIRMED' | 'WRONGFUL';
    readonly reason: string;
    readonly publicInterestNote?: string;
    readonly by: string;
    readonly at: string;
  };
  readonly withdrawnAt?: string;
  /** Pauses (Art.45 / 补正): the open one while SUSPENDED, then each with the working days it added. */
  readonly pauses?: readonly Pause[];
  /** The one extension a case may have (Art.42). */
  readonly extension?: Extension;
  /** An immediate item decided at the window when it was received. */
  readonly handledOnTheSpot?: boolean;
  readonly deemedConsentEligible: boolean;
  readonly handler: Officer;
  readonly leader: Officer;
  readonly decision?: Decision;
  readonly expiry?: Expiry;
  /** Hash-chained (functions/domain/timeline.ts); appended only under a condition on `timelineHead`. */
  readonly timeline: readonly ChainedEvent[];
  /** The hash of the last timeline event: every append is conditional on it, so the chain never forks. */
  readonly timelineHead: string;
  /**
   * One digest per bound attribute, written with each event (whose `state` is the digest over these): lets
   * verification name which attribute was edited. Not itself trusted — it counts only while it hashes to the head's
   * `state` (functions/domain/timeline.ts).
   */
  readonly stateDigests?: StoredStateDigests;
  /** The department while the case waits for it (RECEIVED, MATERIALS_REQUIRED, ACCEPTED, OVERDUE): the worklist index. */
  readonly openDepartment?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A case whose clock runs or ran: accepted, so its deadline is known. */
export type ClockedCase = CaseRecord & {
  readonly acceptedOn: string;
  readonly deadlineDate: string;
  readonly deadline: string;
  readonly deadlineAt: string;
  readonly provisional: boolean;
};

export function isClocked(c: CaseRecord): c is ClockedCase {
  return c.deadlineAt !== undefined && c.deadline !== undefined && c.acceptedOn !== undefined;
}

/** For code that only ever sees accepted cases (the clock, the reconciler): a case without a deadline is a bug. */
export function clocked(c: CaseRecord): ClockedCase {
  if (!isClocked(c)) throw new Error(`case ${c.id} has no clock (status ${c.status})`);
  return c;
}

const table = () => tableName('cases');

/**
 * Writes a new case as given, with the clocks it starts with (an accepted case's approval clock, a received one's
 * intake review), in one transaction: the case and its clocks exist together or not at all. The create handler binds
 * its state to the last event of its creation first (`bindCreated`); a record written unbound (fixtures, the
 * benchmark) verifies as "state not bound".
 * @returns false if a case with that id already exists (nothing is overwritten).
 */
export async function createCase(record: CaseRecord, clocks: readonly ClockRecord[] = []): Promise<boolean> {
  // Two creations of one id (an Idempotency-Key replayed while the first is in flight): the first writes, the second
  // fails its condition on the case (and its clocks' on theirs) and writes nothing.
  const put = { TableName: table(), Item: record, ConditionExpression: 'attribute_not_exists(id)' };
  if (clocks.length) return transact([{ Put: put }, ...clocks.map(clockCreated)]);
  try {
    await db().send(new PutCommand(put));
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export async function getCase(id: string): Promise<CaseRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: { id }, ConsistentRead: true }));
  return out.Item as CaseRecord | undefined;
}

/** What a case write does to the case's clocks, in the same transaction. */
export interface ClockWrites {
  readonly changes?: readonly ClockChange[];
  readonly created?: readonly ClockRecord[];
}

export type DecisionWrite =
  | {
      readonly ok: true;
      readonly before: CaseRecord;
      readonly after: CaseRecord;
      /** The approval clock's decision token, read right after the write (see `storeDecisionToken`). */
      readonly taskToken: string | undefined;
    }
  | { readonly ok: false; readonly current: CaseRecord | undefined };

const APPROVAL = (id: string) => ({ subject: id, duty: 'APPROVAL' as const });

/**
 * Records a decision on an ACCEPTED case before its deadline, or (late) on an OVERDUE case; the approval clock ends
 * in the same transaction. `now` must be the UTC ISO form used by `deadlineAt`.
 */
export async function recordDecision(
  current: CaseRecord,
  decision: Decision,
  event: TimelineEvent,
  nowUtc: string,
): Promise<DecisionWrite> {
  const id = current.id;
  const at = decision.at;
  const onTimeState = bindEvent(
    current,
    event,
    stateAfter(current, { status: decision.outcome, decision: { ...decision, late: false } }),
  );
  const chained = chainEvent(current.timelineHead, onTimeState.entry);
  const onTime = await writeCase(
    current,
    {
      UpdateExpression:
        'SET #status = :outcome, decision = :decision, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE openDepartment',
      // Decision vs expiry at the deadline:
      //   reviewer:   UPDATE if status = ACCEPTED ∧ deadlineAt > now  ──▶ APPROVED/REJECTED
      //   checkpoint: UPDATE if status = ACCEPTED ∧ deadlineAt ≤ now  ──▶ DEEMED_APPROVED/OVERDUE
      // Both need ACCEPTED and both leave it, so whichever DynamoDB applies first wins and the other fails its
      // condition. The head condition keeps the hash chain linear: an append based on a stale read fails instead of
      // forking it.
      ConditionExpression: '#status = :accepted AND deadlineAt > :now AND timelineHead = :head',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':outcome': decision.outcome,
        ':decision': { ...decision, late: false },
        ':one': 1,
        ':events': [chained],
        ':newHead': chained.hash,
        ':digests': onTimeState.digests,
        ':head': current.timelineHead,
        ':at': decision.at,
        ':accepted': 'ACCEPTED',
        ':now': nowUtc,
      },
    },
    { changes: [clockEnds(APPROVAL(id), ['RUNNING'], 'DECIDED', at)] },
    at,
  );
  if (onTime) return { ok: true, before: current, after: onTime, taskToken: await tokenOf(id) };
  const lateState = bindEvent(
    current,
    { ...event, note: event.note ? `${event.note} (late)` : 'late decision, after the deadline' },
    stateAfter(current, { status: decision.outcome, decision: { ...decision, late: true } }),
  );
  const lateEvent = chainEvent(current.timelineHead, lateState.entry);
  const late = await writeCase(
    current,
    {
      UpdateExpression:
        'SET #status = :outcome, decision = :decision, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE openDepartment',
      // Two late decisions racing: both need OVERDUE and the first leaves it, so the second fails.
      ConditionExpression: '#status = :overdue AND timelineHead = :head',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':outcome': decision.outcome,
        ':decision': { ...decision, late: true },
        ':one': 1,
        ':events': [lateEvent],
        ':newHead': lateEvent.hash,
        ':digests': lateState.digests,
        ':head': current.timelineHead,
        ':at': decision.at,
        ':overdue': 'OVERDUE',
      },
    },
    // Late: the clock stays on the open-clocks index until the overdue accountability record is written; its token
    // (read below) ends the execution, which was waiting for the supervision deadline.
    { changes: [clockEnds(APPROVAL(id), ['OVERDUE', 'ENDED'], 'DECIDED_LATE', at, true)] },
    at,
  );
  if (late) return { ok: true, before: current, after: late, taskToken: await tokenOf(id) };
  return { ok: false, current: await getCase(id) };
}

/**
 * The approval clock's decision token, read after the write that ended the clock: a token stored before that write
 * is seen here; one stored after is refused by `storeDecisionToken`'s condition, and its task signals itself.
 */
async function tokenOf(id: string): Promise<string | undefined> {
  const clock = await getClock(APPROVAL(id));
  return clock?.taskToken;
}

/**
 * Applies the expiry rule to an ACCEPTED case whose deadline has passed, with `clock` (the approval clock's change)
 * in the same transaction. The clock stays on the open-clocks index until the accountability record is written (see
 * `settleExpiry`), so a crash between the two writes is finished later.
 * @returns the case after the write, or undefined if the case was not ACCEPTED-and-expired (someone else won).
 */
export async function applyExpiry(
  current: CaseRecord,
  expiry: Expiry,
  event: TimelineEvent,
  nowUtc: string,
  clock: ClockChange,
  /** For an OVERDUE outcome: the supervision that starts now. */
  supervision?: Supervision,
): Promise<CaseRecord | undefined> {
  const bound = bindEvent(
    current,
    event,
    stateAfter(current, {
      status: expiry.outcome,
      expiry,
      ...(expiry.outcome === 'DEEMED_APPROVED' ? {} : { supervision }),
    }),
  );
  const chained = chainEvent(current.timelineHead, bound.entry);
  return writeCase(
    current,
    {
      UpdateExpression:
        // A deemed approval closes the case; an overdue one stays on the department's worklist under supervision.
        expiry.outcome === 'DEEMED_APPROVED'
          ? 'SET #status = :outcome, expiry = :expiry, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE openDepartment'
          : 'SET #status = :outcome, expiry = :expiry, supervision = :supervision, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at',
      // The other side of the decision race (see recordDecision): only an ACCEPTED case at or past its deadline
      // expires. The head condition keeps the hash chain linear (a stale read fails instead of forking it).
      ConditionExpression: '#status = :accepted AND deadlineAt <= :now AND timelineHead = :head',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':outcome': expiry.outcome,
        ':expiry': expiry,
        ...(expiry.outcome === 'DEEMED_APPROVED' ? {} : { ':supervision': supervision }),
        ':one': 1,
        ':events': [chained],
        ':newHead': chained.hash,
        ':digests': bound.digests,
        ':head': current.timelineHead,
        ':at': expiry.appliedAt,
        ':accepted': 'ACCEPTED',
        ':now': nowUtc,
      },
    },
    { changes: [clock] },
    expiry.appliedAt,
  );
}

/**
 * The applicant withdraws an ACCEPTED case before its deadline (the clock's other races use the same condition:
 * status ACCEPTED and the deadline still ahead, so a withdrawal, a decision and the expiry exclude one another).
 */
export async function withdrawAccepted(
  current: CaseRecord,
  event: TimelineEvent,
  nowUtc: string,
): Promise<DecisionWrite> {
  const bound = bindEvent(current, event, stateAfter(current, { status: 'WITHDRAWN', withdrawnAt: event.at }));
  const chained = chainEvent(current.timelineHead, bound.entry);
  const written = await writeCase(
    current,
    {
      UpdateExpression:
        'SET #status = :withdrawn, withdrawnAt = :at, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE openDepartment',
      ConditionExpression: '#status = :accepted AND deadlineAt > :now AND timelineHead = :head',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':withdrawn': 'WITHDRAWN',
        ':accepted': 'ACCEPTED',
        ':at': event.at,
        ':one': 1,
        ':events': [chained],
        ':newHead': chained.hash,
        ':digests': bound.digests,
        ':head': current.timelineHead,
        ':now': nowUtc,
      },
    },
    { changes: [clockEnds(APPROVAL(current.id), ['RUNNING'], 'WITHDRAWN', event.at)] },
    event.at,
  );
  return written
    ? { ok: true, before: current, after: written, taskToken: await tokenOf(current.id) }
    : { ok: false, current: await getCase(current.id) };
}

type UpdateInput = Pick<
  ConstructorParameters<typeof UpdateCommand>[0],
  'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/**
 * One conditional write of the case — with the changes to its clocks, if any, in the same transaction — that
 * answers with the case as it is after the write. Alone it is one UpdateItem returning ALL_NEW; with clocks it is one
 * TransactWriteItems (which returns nothing) and a consistent read.
 * @returns undefined when a condition failed (the race was lost; nothing was written).
 */
async function writeCase(
  current: CaseRecord,
  input: UpdateInput,
  clocks: ClockWrites = {},
  /** The write's instant (its event's `at`): the clocks' `updatedAt`. */
  at = '',
): Promise<CaseRecord | undefined> {
  const update = {
    TableName: table(),
    Key: { id: current.id },
    ...input,
    UpdateExpression: input.UpdateExpression ?? '',
  };
  const clockItems: TransactItem[] = [
    ...(clocks.created ?? []).map(clockCreated),
    ...(clocks.changes ?? []).map((c) => clockChanged(c, at)),
  ];
  if (clockItems.length === 0) {
    try {
      const out = await db().send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
      return out.Attributes as CaseRecord;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }
  if (!(await transact([{ Update: update }, ...clockItems]))) return undefined;
  const after = await getCase(current.id);
  if (!after) throw new Error(`case ${current.id} vanished after an update`);
  return after;
}

/**
 * Every case, page by page. For audit tools only (the timeline verifier): a Scan grows with history, so no request
 * path or scheduled job uses it.
 */
export async function* scanCases(): AsyncGenerator<CaseRecord> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new ScanCommand({ TableName: table(), ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of out.Items ?? []) yield item as CaseRecord;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/**
 * A move of a case out of `from` that sets some fields and appends one timeline event, in one conditional write.
 * @returns the case after the write, or undefined when the case was no longer in `from` at the head we read.
 */
export async function transitionCase(
  current: CaseRecord,
  from: CaseStatus,
  set: Partial<CaseRecord>,
  event: TimelineEvent,
  remove: readonly (keyof CaseRecord)[] = [],
  /** Also require the deadline still ahead of this UTC instant (a move that must happen before the deadline). */
  beforeDeadlineUtc?: string,
  /** What the move does to the case's clocks, written in the same transaction. */
  clocks: ClockWrites = {},
): Promise<CaseRecord | undefined> {
  assertMove(from, set.status ?? from, event.type);
  const bound = bindEvent(current, event, stateAfter(current, set, remove));
  const chained = chainEvent(current.timelineHead, bound.entry);
  const fields = Object.entries(set).filter(([, v]) => v !== undefined);
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':from': from,
    ':head': current.timelineHead,
    ':events': [chained],
    ':newHead': chained.hash,
    ':digests': bound.digests,
    ':one': 1,
    ':at': event.at,
  };
  const assignments = fields.map(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  return writeCase(
    current,
    {
      UpdateExpression: `SET ${[...assignments, 'version = version + :one', 'timeline = list_append(timeline, :events)', 'timelineHead = :newHead', 'stateDigests = :digests', 'updatedAt = :at'].join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      // Two resubmissions (or a resubmission and a retry) from the same state: the first moves it and the second fails
      // its condition on the status and the timeline head it read.
      ConditionExpression: `#status = :from AND timelineHead = :head${beforeDeadlineUtc ? ' AND deadlineAt > :now' : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: beforeDeadlineUtc ? { ...values, ':now': beforeDeadlineUtc } : values,
    },
    clocks,
    event.at,
  );
}

/** A department's open cases (its worklist), oldest receipt first. */
export async function openCasesOf(departmentId: string): Promise<CaseRecord[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'openByDepartment',
    KeyConditionExpression: 'openDepartment = :department',
    ExpressionAttributeValues: { ':department': departmentId },
  });
  return items as unknown as CaseRecord[];
}

/** What the `byApplicant` index holds of a case (its projection in tables.ts): enough for a list and its light. */
export type ApplicationSummary = Pick<
  CaseRecord,
  | 'id'
  | 'applicantSub'
  | 'receivedAt'
  | 'itemCode'
  | 'itemName'
  | 'status'
  | 'deadline'
  | 'deadlineDate'
  | 'deadlineAt'
  | 'workingDays'
  | 'yellowWarningDays'
>;

/**
 * One page of an applicant's own applications (those they submitted themselves), newest receipt first, and the
 * cursor of the next page (DynamoDB's own key, opaque), if any.
 */
export async function applicationsOf(
  sub: string,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ items: ApplicationSummary[]; next: string | null }> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byApplicant',
      KeyConditionExpression: 'applicantSub = :sub',
      ExpressionAttributeValues: { ':sub': sub },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    items: (out.Items ?? []) as ApplicationSummary[],
    next: out.LastEvaluatedKey ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url') : null,
  };
}

/**
 * Where the page a cursor names starts: exactly the keys of the `byApplicant` index for this applicant (a cursor
 * cannot open another applicant's list), or undefined when the cursor is not one `applicationsOf` handed out to them.
 */
export function applicationsPageStart(sub: string, cursor: string): Record<string, unknown> | undefined {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) return undefined;
  const fields = key as Record<string, unknown>;
  const valid =
    JSON.stringify(Object.keys(fields).sort()) === JSON.stringify(['applicantSub', 'id', 'receivedAt']) &&
    fields.applicantSub === sub &&
    typeof fields.id === 'string' &&
    fields.id.length <= 200 &&
    typeof fields.receivedAt === 'string' &&
    fields.receivedAt.length <= 40;
  return valid ? fields : undefined;
}
