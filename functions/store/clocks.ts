import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClockPhase, DayUnit, Duty, DutyDeadline, DutyPolicy } from '../domain/duty.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { db, isConditionFailed, queryAll, type TransactItem } from './client.ts';
import { tableName } from './tables.ts';

/**
 * One time-limited duty (docs/clock-engine.md): what the deadline engine enforces, apart from the record it times.
 * The subject (a case today) keeps what it promised and what happened to it, bound to its hash-chained timeline; the
 * clock keeps what the engine needs — phase, deadline, warning, supervision, execution and decision token — and the
 * two indexes the reconciler reads. Every write that changes both is one transaction (functions/store/cases.ts), so
 * they never disagree.
 */
export interface ClockRecord {
  /** What the clock times: the case id. */
  readonly subject: string;
  readonly duty: Duty;
  readonly phase: ClockPhase;
  readonly unit: DayUnit;
  readonly limit: number;
  /** The first day counted from (China-local), and when the clock was created. */
  readonly startedOn: string;
  readonly startedAt: string;
  readonly deadlineDate: string;
  readonly deadline: string;
  /** UTC ISO with milliseconds: sortable, compared in conditions, the `openClocks` sort key. */
  readonly deadlineAt: string;
  readonly provisional: boolean;
  /** The subject's own warning threshold (an item's yellow setting), if it sets one. */
  readonly warningDays?: number;
  /** The deadline (`deadlineAt`) the warning was raised for; a moved deadline warns again. */
  readonly warnedFor?: string;
  /** While PAUSED: since when. */
  readonly pausedSince?: string;
  /** Pauses taken and extensions approved so far (the policy caps extensions). */
  readonly pauses: number;
  readonly extensions: number;
  /** Once OVERDUE: supervision's deadline (督办期限). */
  readonly supervision?: { readonly deadlineDate: string; readonly deadline: string; readonly deadlineAt: string };
  /** When the supervision deadline passed with the duty still owed (the red card). */
  readonly escalatedAt?: string;
  /** How the duty ended (DECIDED, DEEMED_APPROVED, WITHDRAWN, …) and when. */
  readonly outcome?: string;
  readonly endedAt?: string;
  /** The execution that runs the clock: its name (fixed by the policy) and, once it ran, its ARN. */
  readonly executionName: string;
  readonly executionArn?: string;
  /** The `.waitForTaskToken` token of a clock that waits for a decision. */
  readonly taskToken?: string;
  /** While the clock still owes something (an outcome, an accountability record): the sparse `openClocks` index. */
  readonly clockPending?: typeof CLOCK_PENDING;
  /** While the clock is owed a start (its execution not yet recorded): the sparse `unstartedClocks` index. */
  readonly clockStartPending?: string;
  /**
   * While the clock's execution may still be waiting on a plan made before its deadline moved (a resume, an approved
   * extension): the instant of the move, UTC ISO with milliseconds. Written in the move's own transaction, removed by
   * the next checkpoint that reads it (`clearReplanOwed`). The sparse `replanOwedClocks` index lets the reconciler
   * re-send RESCHEDULED when the move's own signal was lost (`replansOwedSince`).
   */
  readonly replanOwed?: string;
  readonly updatedAt: string;
}

/** The value of `clockPending` while the clock still owes something (the sparse `openClocks` index). */
export const CLOCK_PENDING = 'OPEN';

export interface ClockKey {
  readonly subject: string;
  readonly duty: Duty;
}

const table = () => tableName('clocks');

/** A new clock for `subject`, started at `at` with `deadline` (from `deadlineOf`). Written with its subject. */
export function newClock(
  policy: DutyPolicy,
  subject: string,
  limit: number,
  deadline: DutyDeadline,
  at: Date,
  warningDays?: number,
): ClockRecord {
  return {
    subject,
    duty: policy.duty,
    phase: 'RUNNING',
    unit: policy.unit,
    limit,
    startedOn: deadline.startedOn,
    startedAt: toShanghaiIso(at),
    deadlineDate: deadline.deadlineDate,
    deadline: deadline.deadline,
    deadlineAt: deadline.deadlineAt.toISOString(),
    provisional: deadline.provisional,
    ...(warningDays !== undefined ? { warningDays } : {}),
    pauses: 0,
    extensions: 0,
    executionName: policy.executionName(subject),
    clockPending: CLOCK_PENDING,
    clockStartPending: at.toISOString(),
    updatedAt: toShanghaiIso(at),
  };
}

export async function getClock(key: ClockKey): Promise<ClockRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: keyOf(key), ConsistentRead: true }));
  return out.Item as ClockRecord | undefined;
}

/** Every clock of a subject (a case's intake review and approval). */
export async function clocksOf(subject: string): Promise<ClockRecord[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'subject = :subject',
      ExpressionAttributeValues: { ':subject': subject },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as ClockRecord[];
}

function keyOf({ subject, duty }: ClockKey): { subject: string; duty: Duty } {
  return { subject, duty };
}

/** Records the clock's execution; the clock leaves the `unstartedClocks` index. */
export async function setExecutionArn(key: ClockKey, executionArn: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: keyOf(key),
      UpdateExpression: 'SET executionArn = :arn REMOVE clockStartPending',
      // API vs reconciler recording the same start:  API: StartExecution ──▶ SET arn
      //                                               reconciler (marker older than its grace): StartExecution ──▶ SET arn
      // The execution is named by the policy (fixed per clock), so both write the same ARN and the second write changes
      // nothing; the condition only keeps a start for a clock that does not exist from creating a stray item.
      ConditionExpression: 'attribute_exists(subject)',
      ExpressionAttributeValues: { ':arn': executionArn },
    }),
  );
}

/**
 * Parks the decision task token on the clock while it still waits for a decision, and records the execution that
 * parked it: the clock's first write proves it started (the start marker goes with it).
 * @returns false when the clock no longer waits (the caller ends the wait itself).
 */
export async function storeDecisionToken(key: ClockKey, taskToken: string, executionArn: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(key),
        UpdateExpression: 'SET taskToken = :token, executionArn = :arn REMOVE clockStartPending',
        // Token vs decision:  awaitDecision: SET token while the clock runs ──▶ the decision, reading the clock right
        //                                    after its own transaction (which ended the clock), finds it and sends it
        //                     decision: transaction ends the clock first ──▶ this condition fails, awaitDecision
        //                                    signals itself
        // Both touch the clock item, so the token is either seen by the decision or never stored. A paused clock keeps
        // its token too (resuming sends it so the clock re-plans), and so does an overdue one (a late decision ends it).
        ConditionExpression: 'phase IN (:running, :paused, :overdue)',
        ExpressionAttributeValues: {
          ':token': taskToken,
          ':arn': executionArn,
          ':running': 'RUNNING',
          ':paused': 'PAUSED',
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

/** Takes the clock off the open-clocks index once nothing is owed (its consequence and record are written). */
export async function closeClock(key: ClockKey): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(key),
        UpdateExpression: 'REMOVE clockPending',
        ConditionExpression: 'attribute_exists(clockPending)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** Open clocks whose deadline (or, once overdue, whose index key) is at or before `nowUtc`: the reconciler's list. */
export async function openClocksDueBy(nowUtc: string): Promise<ClockRecord[]> {
  return (await queryAll({
    TableName: table(),
    IndexName: 'openClocks',
    KeyConditionExpression: 'clockPending = :open AND deadlineAt <= :now',
    ExpressionAttributeValues: { ':open': CLOCK_PENDING, ':now': nowUtc },
  })) as unknown as ClockRecord[];
}

/**
 * Open clocks owed a start since at or before `cutoffUtc` (the sparse `unstartedClocks` index: only clocks whose
 * execution was never recorded carry `clockStartPending`, so it holds a handful, not every running clock).
 */
export async function unstartedClocksSince(cutoffUtc: string): Promise<ClockRecord[]> {
  return (await queryAll({
    TableName: table(),
    IndexName: 'unstartedClocks',
    KeyConditionExpression: 'clockPending = :open AND clockStartPending <= :cutoff',
    ExpressionAttributeValues: { ':open': CLOCK_PENDING, ':cutoff': cutoffUtc },
  })) as unknown as ClockRecord[];
}

/**
 * Open clocks whose deadline moved at or before `cutoffUtc` without a checkpoint having read it since (the sparse
 * `replanOwedClocks` index: only clocks carrying `replanOwed` are on it, a handful at most, never the clocks that run).
 */
export async function replansOwedSince(cutoffUtc: string): Promise<ClockRecord[]> {
  return (await queryAll({
    TableName: table(),
    IndexName: 'replanOwedClocks',
    KeyConditionExpression: 'clockPending = :open AND replanOwed <= :cutoff',
    ExpressionAttributeValues: { ':open': CLOCK_PENDING, ':cutoff': cutoffUtc },
  })) as unknown as ClockRecord[];
}

/**
 * Removes the re-plan marker `marker` once a plan around the deadline `deadlineAt` was made (the checkpoint), or
 * nothing is left to re-plan (the reconciler: the clock's execution ended).
 * @returns false when the marker or the deadline changed since they were read (the marker stays).
 */
export async function clearReplanOwed(key: ClockKey, marker: string, deadlineAt: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(key),
        UpdateExpression: 'REMOVE replanOwed',
        // Checkpoint vs another move:  checkpoint: getClock (marker M, deadline D) ──▶ plans around D ──▶ REMOVE if M, D
        //                              resume / extension: SET deadline D', marker M' (between that read and this write)
        // The move's write wins: this condition fails and M' stays for the move's own signal or the reconciler's
        // re-send, so a marker goes only once a checkpoint has read the deadline it stands for (two moves in the same
        // millisecond still differ in their deadline).
        ConditionExpression: 'replanOwed = :marker AND deadlineAt = :deadline',
        ExpressionAttributeValues: { ':marker': marker, ':deadline': deadlineAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * Drops the start marker of a clock that will never run again.
 * @returns false when the clock still runs or is paused (it may still need starting) or has no marker.
 */
export async function dropClockStartMarker(key: ClockKey): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(key),
        UpdateExpression: 'REMOVE clockStartPending',
        // Reconciler (read a stale marker on the index) vs the clock: a clock out of RUNNING and PAUSED never returns
        // to them, so once this holds no start can be owed; a PAUSED clock runs again on resume and still needs its
        // start, so it keeps the marker.
        ConditionExpression: 'attribute_exists(clockStartPending) AND NOT (phase IN (:running, :paused))',
        ExpressionAttributeValues: { ':running': 'RUNNING', ':paused': 'PAUSED' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

// ── Changes written in one transaction with the subject's own write (functions/store/cases.ts) ──────────────────

/** One item of a TransactWriteItems request, in the document client's shape. */
export type { TransactItem } from './client.ts';

/** Creates the clock with its subject; a clock of that duty already there fails the whole transaction. */
export function clockCreated(clock: ClockRecord): TransactItem {
  return {
    Put: { TableName: table(), Item: clock, ConditionExpression: 'attribute_not_exists(subject)' },
  };
}

/**
 * What a subject's write does to one of its clocks. The subject's own condition (its status and timeline head)
 * decides every race; the clock's condition only says it exists and is in the phase the change leaves, so that a
 * clock is never created by an update nor moved out of a phase it is not in.
 */
export interface ClockChange {
  readonly key: ClockKey;
  /** The phases the clock may be in for this change. */
  readonly from: readonly ClockPhase[];
  readonly set: Partial<Omit<ClockRecord, 'subject' | 'duty'>>;
  readonly remove?: readonly (keyof ClockRecord)[];
  /** Adds to counters (pauses, extensions). */
  readonly add?: Partial<Record<'pauses' | 'extensions', number>>;
}

/** `at`: the instant of the subject's write (its event's `at`, ISO 8601 with offset). */
export function clockChanged(change: ClockChange, at: string): TransactItem {
  const names: Record<string, string> = { '#phase': 'phase' };
  const values: Record<string, unknown> = { ':updatedAt': at };
  const assignments = ['updatedAt = :updatedAt'];
  Object.entries(change.set)
    .filter(([, v]) => v !== undefined)
    .forEach(([field, value], i) => {
      names[`#s${i}`] = field;
      values[`:s${i}`] = value;
      assignments.push(`#s${i} = :s${i}`);
    });
  Object.entries(change.add ?? {}).forEach(([field, value], i) => {
    names[`#a${i}`] = field;
    values[`:a${i}`] = value;
    values[':zero'] = 0;
    assignments.push(`#a${i} = if_not_exists(#a${i}, :zero) + :a${i}`);
  });
  const phases = change.from.map((phase, i) => {
    values[`:p${i}`] = phase;
    return `:p${i}`;
  });
  const removals = change.remove?.length ? ` REMOVE ${change.remove.join(', ')}` : '';
  return {
    Update: {
      TableName: table(),
      Key: keyOf(change.key),
      UpdateExpression: `SET ${assignments.join(', ')}${removals}`,
      ConditionExpression: `#phase IN (${phases.join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The clock's deadline fields after a move (a pause's days, an approved extension). */
export function deadlineFields(d: {
  readonly deadlineDate: string;
  readonly deadline: string;
  readonly deadlineAt: Date | string;
  readonly provisional: boolean;
}) {
  return {
    deadlineDate: d.deadlineDate,
    deadline: d.deadline,
    deadlineAt: typeof d.deadlineAt === 'string' ? d.deadlineAt : d.deadlineAt.toISOString(),
    provisional: d.provisional,
  };
}

/** The clock ends: how, and when; it leaves both indexes unless it still owes a record (`keepPending`). */
export function clockEnds(
  key: ClockKey,
  from: readonly ClockPhase[],
  outcome: string,
  /** ISO 8601 with offset: the instant of the write that ends it. */
  at: string,
  keepPending = false,
): ClockChange {
  return {
    key,
    from,
    set: { phase: 'ENDED', outcome, endedAt: at },
    remove: keepPending ? ['clockStartPending'] : ['clockPending', 'clockStartPending'],
  };
}
