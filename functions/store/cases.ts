import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { assertMove, type CaseStatus, type DecisionOutcome, type ExpiryOutcome } from '../domain/case.ts';
import type { MissingMaterial, ReceivingPoint, SubmittedMaterial } from '../domain/intake.ts';
import {
  bindEvent,
  type ChainedEvent,
  chainEvent,
  type StateDigests,
  stateAfter,
  type TimelineEntry,
} from '../domain/timeline.ts';
import type { Officer } from './catalog.ts';
import { db, isConditionFailed, queryAll } from './client.ts';
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

/** The value of `clockPending` while the clock still owes the case something (the sparse `openClocks` index). */
export const CLOCK_PENDING = 'OPEN';

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
  readonly receivedBy: ReceivingPoint;
  readonly status: CaseStatus;
  readonly version: number;
  readonly receivedAt: string;
  /** The promised limit of the item, in working days. */
  readonly workingDays: number;
  /** The item's own yellow threshold in working days, if it sets one (else max(1, 20% of the limit)). */
  readonly yellowWarningDays?: number;
  /** The deadline (`deadlineAt`) for which the clock raised the yellow warning; a moved deadline warns again. */
  readonly yellowWarnedFor?: string;
  /** Set when an ineligible case runs out of time (OVERDUE): supervision (督办) and the date it must be closed by. */
  readonly supervision?: Supervision;
  /** When the clock raised the red card: still open at the supervision deadline. */
  readonly redCardAt?: string;
  /** Set at acceptance (absent while MATERIALS_REQUIRED: the clock has not started). */
  readonly acceptedOn?: string;
  readonly deadlineDate?: string;
  readonly deadline?: string;
  /** The deadline as a UTC ISO string with milliseconds: sortable, compared in conditions, the index sort key. */
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
  readonly stateDigests?: StateDigests;
  readonly clockPending?: typeof CLOCK_PENDING;
  /**
   * While the case's clock is owed a start: the UTC instant of the acceptance write (set with `clockPending`, removed
   * when the execution is recorded or the case leaves the clock). With `clockPending` it keys the sparse
   * `unstartedClocks` index, so the reconciler finds clocks never started without reading the clocks that run.
   */
  readonly clockStartPending?: string;
  /** The department while the case waits for it (RECEIVED, MATERIALS_REQUIRED, ACCEPTED, OVERDUE): the worklist index. */
  readonly openDepartment?: string;
  readonly executionArn?: string;
  readonly taskToken?: string;
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
 * Writes a new case as given: the create handler binds its state to the last event of its creation first
 * (`bindCreated`); a record written unbound (fixtures, the benchmark) verifies as "state not bound".
 * @returns false if a case with that id already exists (nothing is overwritten).
 */
export async function createCase(record: CaseRecord): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({ TableName: table(), Item: record, ConditionExpression: 'attribute_not_exists(id)' }),
    );
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

/** Records the case's clock execution; the case leaves the `unstartedClocks` index. */
export async function setExecutionArn(id: string, executionArn: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { id },
      UpdateExpression: 'SET executionArn = :arn REMOVE clockStartPending',
      // API vs reconciler recording the same start:  API: StartExecution ──▶ SET arn
      //                                               reconciler (marker older than its grace): StartExecution ──▶ SET arn
      // The execution is named by the case id, so both write the same ARN and the second write changes nothing; the
      // condition only keeps a start for a case that does not exist from creating a stray item.
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeValues: { ':arn': executionArn },
    }),
  );
}

/**
 * Parks the decision task token on the case while it is still waiting for a decision, and records the execution
 * that parked it: the clock's first write proves it started, so the request that started it need not write again
 * (the start marker goes with it).
 * @returns false when the case is no longer waiting (the caller ends the wait itself).
 */
export async function storeDecisionToken(id: string, taskToken: string, executionArn: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { id },
        UpdateExpression: 'SET taskToken = :token, executionArn = :arn REMOVE clockStartPending',
        // Token vs decision:  awaitDecision: SET token if ACCEPTED ──▶ decision reads it (ALL_OLD) and sends it
        //                     decision: ACCEPTED → APPROVED first ──▶ this condition fails, awaitDecision signals itself
        // Both touch the same item under a status condition, so the token is either seen by the decision or not stored.
        // A paused case keeps its token too: resuming it sends the token to make the clock re-plan. So does an overdue
        // one: its clock runs on to the supervision deadline, and a late decision ends it.
        ConditionExpression: '#status IN (:accepted, :suspended, :overdue)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':token': taskToken,
          ':arn': executionArn,
          ':accepted': 'ACCEPTED',
          ':suspended': 'SUSPENDED',
          ':overdue': 'OVERDUE',
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

export type DecisionWrite =
  | { readonly ok: true; readonly before: CaseRecord; readonly after: CaseRecord }
  | { readonly ok: false; readonly current: CaseRecord | undefined };

/**
 * Records a decision on an ACCEPTED case before its deadline, or (late) on an OVERDUE case.
 * `now` must be the UTC ISO form used by `deadlineAt`.
 */
export async function recordDecision(
  current: CaseRecord,
  decision: Decision,
  event: TimelineEvent,
  nowUtc: string,
): Promise<DecisionWrite> {
  const id = current.id;
  const onTimeState = bindEvent(
    current,
    event,
    stateAfter(current, { status: decision.outcome, decision: { ...decision, late: false } }),
  );
  const chained = chainEvent(current.timelineHead, onTimeState.entry);
  const onTime = await conditionalUpdateSeeingOld(id, {
    UpdateExpression:
      'SET #status = :outcome, decision = :decision, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE clockPending, clockStartPending, taskToken, openDepartment',
    // Decision vs expiry at the deadline:
    //   reviewer:   UPDATE if status = ACCEPTED ∧ deadlineAt > now  ──▶ APPROVED/REJECTED
    //   checkpoint: UPDATE if status = ACCEPTED ∧ deadlineAt ≤ now  ──▶ DEEMED_APPROVED/OVERDUE
    // Both need ACCEPTED and both leave it, so whichever DynamoDB applies first wins and the other fails its condition.
    // The head condition keeps the hash chain linear: an append based on a stale read fails instead of forking it.
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
  });
  if (onTime) return { ok: true, ...onTime };
  const lateState = bindEvent(
    current,
    { ...event, note: event.note ? `${event.note} (late)` : 'late decision, after the deadline' },
    stateAfter(current, { status: decision.outcome, decision: { ...decision, late: true } }),
  );
  const lateEvent = chainEvent(current.timelineHead, lateState.entry);
  const late = await conditionalUpdateSeeingOld(id, {
    // Late decision: clockPending stays until the overdue accountability record is written; the token (old image)
    // ends the clock, which was waiting for the supervision deadline.
    UpdateExpression:
      'SET #status = :outcome, decision = :decision, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE openDepartment, taskToken',
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
  });
  if (late) return { ok: true, ...late };
  return { ok: false, current: await getCase(id) };
}

/**
 * Applies the expiry rule to an ACCEPTED case whose deadline has passed. `clockPending` stays set until the
 * accountability record is written (see `settleExpiry`), so a crash between the two writes is finished later.
 * @returns the case after the write, or undefined if the case was not ACCEPTED-and-expired (someone else won).
 */
export async function applyExpiry(
  current: CaseRecord,
  expiry: Expiry,
  event: TimelineEvent,
  nowUtc: string,
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
  const written = await conditionalUpdate(current.id, {
    UpdateExpression:
      // A deemed approval closes the case (and its clock: the token goes); an overdue one stays on the department's
      // worklist under supervision, and its clock runs on to the supervision deadline (the token stays for a late
      // decision to end it). Either way the clock has run: no start marker.
      expiry.outcome === 'DEEMED_APPROVED'
        ? 'SET #status = :outcome, expiry = :expiry, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE clockStartPending, taskToken, openDepartment'
        : 'SET #status = :outcome, expiry = :expiry, supervision = :supervision, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE clockStartPending',
    // The other side of the decision race (see recordDecision): only an ACCEPTED case at or past its deadline expires.
    // The head condition keeps the hash chain linear (a stale read fails instead of forking it).
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
  });
  return written?.after;
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
  const written = await conditionalUpdateSeeingOld(current.id, {
    UpdateExpression:
      'SET #status = :withdrawn, withdrawnAt = :at, version = version + :one, timeline = list_append(timeline, :events), timelineHead = :newHead, stateDigests = :digests, updatedAt = :at REMOVE clockPending, clockStartPending, taskToken, openDepartment',
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
  });
  return written ? { ok: true, ...written } : { ok: false, current: await getCase(current.id) };
}

/** Takes the case off the open-clocks index once nothing is owed (the accountability record exists). */
export async function closeClock(id: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { id },
        UpdateExpression: 'REMOVE clockPending',
        ConditionExpression: 'attribute_exists(clockPending)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** Open clocks whose deadline is at or before `nowUtc` (the reconciler's work list). */
export async function openClocksDueBy(nowUtc: string): Promise<CaseRecord[]> {
  return queryOpenClocks('clockPending = :open AND deadlineAt <= :now', { ':open': CLOCK_PENDING, ':now': nowUtc });
}

/**
 * Open clocks owed a start since at or before `cutoffUtc` (the sparse `unstartedClocks` index: only cases accepted
 * whose execution was never recorded carry `clockStartPending`, so it holds a handful, not every running clock).
 */
export async function unstartedClocksSince(cutoffUtc: string): Promise<CaseRecord[]> {
  return queryOpenClocks(
    'clockPending = :open AND clockStartPending <= :cutoff',
    { ':open': CLOCK_PENDING, ':cutoff': cutoffUtc },
    'unstartedClocks',
  );
}

/**
 * Drops the clock-start marker of a case that will never run a clock again (decided, expired, withdrawn).
 * @returns false when the case is still ACCEPTED or SUSPENDED (its clock may still need starting) or has no marker.
 */
export async function dropClockStartMarker(id: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { id },
        UpdateExpression: 'REMOVE clockStartPending',
        // Reconciler (read a stale marker on the index) vs the case: a case out of ACCEPTED and SUSPENDED never
        // returns to them, so once this holds no clock can be owed; a SUSPENDED case comes back to ACCEPTED on resume
        // and still needs its start, so it keeps the marker.
        ConditionExpression: 'attribute_exists(clockStartPending) AND NOT (#status IN (:accepted, :suspended))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':accepted': 'ACCEPTED', ':suspended': 'SUSPENDED' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

async function queryOpenClocks(
  keyCondition: string,
  values: Record<string, unknown>,
  indexName: 'openClocks' | 'unstartedClocks' = 'openClocks',
): Promise<CaseRecord[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: indexName,
    KeyConditionExpression: keyCondition,
    ExpressionAttributeValues: values,
  });
  return items as unknown as CaseRecord[];
}

type UpdateInput = Pick<
  ConstructorParameters<typeof UpdateCommand>[0],
  'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/**
 * One conditional UpdateItem that answers with the case as it is after the write (ReturnValues ALL_NEW: no second
 * read). @returns undefined when the condition failed.
 */
async function conditionalUpdate(id: string, input: UpdateInput): Promise<{ after: CaseRecord } | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({ TableName: table(), Key: { id }, ReturnValues: 'ALL_NEW', ...input }),
    );
    return { after: out.Attributes as CaseRecord };
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}

/**
 * The same for a write whose caller needs the case as it was *at* the write: the decision and the withdrawal read
 * the task token they remove from the old image (ALL_OLD), atomically with the write — that is what lets
 * `storeDecisionToken` race them safely (the token is either seen here or never stored). A write returns one image
 * only, so the case after it costs a consistent read.
 */
async function conditionalUpdateSeeingOld(
  id: string,
  input: UpdateInput,
): Promise<{ before: CaseRecord; after: CaseRecord } | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({ TableName: table(), Key: { id }, ReturnValues: 'ALL_OLD', ...input }),
    );
    const before = out.Attributes as CaseRecord;
    const after = await getCase(id);
    if (!after) throw new Error(`case ${id} vanished after an update`);
    return { before, after };
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
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
  const written = await conditionalUpdate(current.id, {
    UpdateExpression: `SET ${[...assignments, 'version = version + :one', 'timeline = list_append(timeline, :events)', 'timelineHead = :newHead', 'stateDigests = :digests', 'updatedAt = :at'].join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    // Two resubmissions (or a resubmission and a retry) from the same state: the first moves it and the second fails
    // its condition on the status and the timeline head it read.
    ConditionExpression: `#status = :from AND timelineHead = :head${beforeDeadlineUtc ? ' AND deadlineAt > :now' : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: beforeDeadlineUtc ? { ...values, ':now': beforeDeadlineUtc } : values,
  });
  return written?.after;
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
