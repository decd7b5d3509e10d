import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '../domain/calendar.ts';
import {
  addCounters,
  type CaseFacts,
  type Contribution,
  type CounterName,
  type Counters,
  contributionsOf,
  counterNames,
  targetDefinitions,
  type Unit,
  type UnitKind,
  unitKey,
} from '../domain/evaluation.ts';
import { addDays, type IsoDate } from '../domain/time.ts';
import { db, isConditionFailed, queryAll, type TransactItem, transact } from './client.ts';
import { tableName } from './tables.ts';

/**
 * The evaluation's two tables (functions/store/tables.ts): the per-day tallies the Cases stream keeps (`applyTally`,
 * `tallyCase`, `readTallies`) and the immutable snapshots an evaluation writes (`saveSnapshot` and its readers).
 */

const tallies = () => tableName('tallies');
const evaluations = () => tableName('evaluations');

// ---------------------------------------------------------------------------------------------------------------
// Tallies

/** The new timeline events of a case, each with what it adds (functions/domain/evaluation.ts contributionsOf). */
export interface TallyEvent {
  readonly seq: number;
  readonly contributions: readonly Contribution[];
}

/** One (day, unit) aggregate as read back: the counts all tallied events of that day added to that unit. */
export interface TallyRow {
  readonly day: IsoDate;
  readonly unit: Unit;
  readonly counters: Counters;
}

/** A TransactWriteItems holds at most 100 actions. */
const MAX_ACTIONS_PER_WRITE = 100;
/** One item's write: its marker and up to this many aggregates. */
const MAX_AGGREGATES_PER_WRITE = MAX_ACTIONS_PER_WRITE - 1;
/** Another transaction on one of the same aggregates (a busy day's centre item) cancels ours: tried again this often. */
const CONFLICT_ATTEMPTS = 6;

const markerKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'TALLIED' });
const aggregateKey = (day: IsoDate, unit: Pick<Unit, 'kind' | 'id'>) => ({
  pk: `MONTH#${day.slice(0, 7)}`,
  sk: `${day}#${unitKey(unit)}`,
});

/** Contributions of the same (day, unit) summed, so that each aggregate is one action of the write. */
function merged(events: readonly TallyEvent[]): Contribution[] {
  const byKey = new Map<string, Contribution>();
  for (const event of events) {
    for (const c of event.contributions) {
      const key = `${c.day}#${unitKey(c.unit)}`;
      const seen = byKey.get(key);
      byKey.set(
        key,
        seen
          ? { day: c.day, unit: seen.unit.name ? seen.unit : c.unit, counters: addCounters(seen.counters, c.counters) }
          : c,
      );
    }
  }
  return [...byKey.values()];
}

/**
 * Adds `events` (consecutive timeline seqs, right after `through`) to the aggregates and moves the case's marker to
 * the last of them — one TransactWriteItems: the counts and the marker change together or not at all.
 * @returns false when the marker was not at `through` (nothing written): the caller re-reads it.
 */
export async function applyTally(
  caseId: string,
  through: number | undefined,
  events: readonly TallyEvent[],
): Promise<boolean> {
  const last = events.at(-1)?.seq;
  if (last === undefined) return true;
  const aggregates = merged(events);
  if (aggregates.length > MAX_AGGREGATES_PER_WRITE) {
    throw new Error(`one tally write takes at most ${MAX_AGGREGATES_PER_WRITE} aggregates (${aggregates.length})`);
  }
  return transact([markerMove(caseId, through, last), ...aggregates.map(aggregateAdd)], CONFLICT_ATTEMPTS);
}

/** The marker's move to `last`, on condition that it is still at `through` (undefined: no marker yet). */
function markerMove(caseId: string, through: number | undefined, last: number): TransactItem {
  return {
    Update: {
      TableName: tallies(),
      Key: markerKey(caseId),
      UpdateExpression: 'SET #through = :last',
      ExpressionAttributeNames: { '#through': 'through' },
      // The marker says "events 0..through are counted". A write counts the events right after it, on condition
      // that it is still there: a stream record delivered twice, or the stream and a backfill counting one case:
      //   A: events 3..4 on "through = 2" ──▶ ok, through = 4
      //   B: events 3..4 on "through = 2" ──▶ ConditionalCheckFailed: nothing added; B re-reads through = 4, done
      // Equality, not "through < first": a case written before the tally (no marker) whose next change reaches the
      // stream first is counted from event 0, and a gap (a record dropped after its retries) is filled by the next.
      ConditionExpression: through === undefined ? 'attribute_not_exists(#through)' : '#through = :through',
      ExpressionAttributeValues: { ':last': last, ...(through === undefined ? {} : { ':through': through }) },
    },
  };
}

/** One (day, unit) aggregate's counters added to. */
function aggregateAdd(c: Contribution): TransactItem {
  const counters = counterNames.filter((name) => c.counters[name] !== undefined);
  const names: Record<string, string> = { '#day': 'day', '#unit': 'unit' };
  const values: Record<string, unknown> = { ':day': c.day, ':unit': c.unit };
  for (const [i, name] of counters.entries()) {
    names[`#c${i}`] = name;
    values[`:c${i}`] = c.counters[name];
  }
  // A unit named here (an officer's name) replaces one stored without; one without never erases a name.
  const unit = c.unit.name ? '#unit = :unit' : '#unit = if_not_exists(#unit, :unit)';
  const add = counters.map((_, i) => `#c${i} :c${i}`).join(', ');
  return {
    Update: {
      TableName: tallies(),
      Key: aggregateKey(c.day, c.unit),
      UpdateExpression: `SET #day = :day, ${unit}${add ? ` ADD ${add}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The new timeline events one stream record brought of one item (a case, a grievance, a rating…). */
export interface TallySegment {
  readonly id: string;
  /** The first new seq: the old image's timeline length. */
  readonly from: number;
  /** The new image's timeline length. */
  readonly length: number;
  readonly contributionsAt: (seq: number) => Contribution[];
}

/**
 * A stream batch's new events in as few writes as it takes: every item's marker move and the batch's contributions
 * summed per (day, unit), up to 100 actions a write. A burst's records mostly add to the same few aggregates (the
 * day's centre, the department, the officer): one write adds a batch's worth to each, where one write per record
 * wrote each hot aggregate up to 25 times (and, on AWS, each was a chance of a TransactionConflict with the next).
 * Each write moves its items' markers on the same conditions as `applyTally` — all of them or nothing.
 * @returns false, having written nothing more, when the batch cannot be counted this way: a marker was not where its
 * record's old image says (a record delivered again, a backfill), an item's records do not follow one another, or
 * one item alone needs more than one write. The caller then counts record by record (`tallyTimeline`), which re-reads
 * markers and counts only what is not counted yet — also what an earlier write of this call counted.
 */
export async function tallyBatch(segments: readonly TallySegment[]): Promise<boolean> {
  // One run of consecutive events per item, its records' segments joined in stream order.
  const runs = new Map<string, { from: number; length: number; events: TallyEvent[] }>();
  for (const segment of segments) {
    if (segment.length <= segment.from) continue;
    const events: TallyEvent[] = [];
    for (let seq = segment.from; seq < segment.length; seq++) {
      events.push({ seq, contributions: segment.contributionsAt(seq) });
    }
    const run = runs.get(segment.id);
    if (!run) runs.set(segment.id, { from: segment.from, length: segment.length, events });
    else if (run.length === segment.from)
      runs.set(segment.id, { ...run, length: segment.length, events: [...run.events, ...events] });
    else return false;
  }
  let chunk: { id: string; from: number; length: number; events: TallyEvent[] }[] = [];
  const write = async () => {
    if (chunk.length === 0) return true;
    const all = chunk.flatMap((run) => run.events);
    const items = [
      ...chunk.map((run) => markerMove(run.id, run.from > 0 ? run.from - 1 : undefined, run.length - 1)),
      ...merged(all).map(aggregateAdd),
    ];
    chunk = [];
    return transact(items, CONFLICT_ATTEMPTS);
  };
  for (const [id, run] of runs) {
    if (1 + merged(run.events).length > MAX_ACTIONS_PER_WRITE) return false; // one item alone needs several writes
    const next = [...chunk, { id, ...run }];
    if (next.length + merged(next.flatMap((r) => r.events)).length <= MAX_ACTIONS_PER_WRITE) {
      chunk = next;
      continue;
    }
    if (!(await write())) return false;
    chunk = [{ id, ...run }];
  }
  return write();
}

/** The last timeline seq counted for a case (undefined: none yet). */
export async function tallyMarker(caseId: string): Promise<number | undefined> {
  const out = await db().send(new GetCommand({ TableName: tallies(), Key: markerKey(caseId), ConsistentRead: true }));
  const through = out.Item?.through;
  return typeof through === 'number' ? through : undefined;
}

/**
 * Counts a case's timeline events from `from` on (the stream: the events its record added; a backfill: 0), each
 * exactly once, whatever else counts the same case: the write assumes the marker is right before `from` and, when it
 * is not, re-reads it and counts only what is after it. Long timelines go in several writes (≤ 100 actions each),
 * each moving the marker. @returns the number of events counted by this call.
 */
export async function tallyCase(c: CaseFacts, from: number, calendar: WorkingCalendar): Promise<number> {
  return tallyTimeline(c.id, c.timeline.length, from, (seq) => contributionsOf(c, seq, calendar));
}

/**
 * The same for any record with a timeline (a grievance, a rating: functions/stream/tally-records.ts), given what the
 * event at each seq adds. Its marker is `CASE#<id>` like a case's: the ids never collide (`XN…`, `GV…`, `RT-…`).
 */
export async function tallyTimeline(
  id: string,
  length: number,
  from: number,
  contributionsAt: (seq: number) => Contribution[],
): Promise<number> {
  const c = { id };
  let through: number | undefined = from > 0 ? from - 1 : undefined;
  let counted = 0;
  for (let rereads = 0; rereads < 10; ) {
    const next = through === undefined ? 0 : through + 1;
    if (next >= length) return counted;
    const chunk: TallyEvent[] = [];
    for (let seq = next; seq < length; seq++) {
      const event = { seq, contributions: contributionsAt(seq) };
      if (chunk.length > 0 && merged([...chunk, event]).length > MAX_AGGREGATES_PER_WRITE) break;
      chunk.push(event);
    }
    if (await applyTally(c.id, through, chunk)) {
      counted += chunk.length;
      through = chunk.at(-1)?.seq;
      continue;
    }
    rereads++;
    through = await tallyMarker(c.id);
  }
  throw new Error(`${c.id}: its tally marker kept moving under this write`);
}

/** The months a day range touches, each with its own first and last day inside the range. */
function monthsOf(from: IsoDate, to: IsoDate): { month: string; from: IsoDate; to: IsoDate }[] {
  const out: { month: string; from: IsoDate; to: IsoDate }[] = [];
  let day = from;
  while (day <= to) {
    const month = day.slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const last = addDays(nextMonth, -1);
    out.push({ month, from: day, to: last < to ? last : to });
    day = nextMonth;
  }
  return out;
}

/**
 * Every (day, unit) aggregate of the China-local days `from`..`to`: one Query per month touched, on the day range of
 * its sort key, so the items read are the period's days × the units active on them — never the rest of the history.
 * @returns the rows and how many items were read.
 */
export async function readTallies(from: IsoDate, to: IsoDate): Promise<{ rows: TallyRow[]; itemsRead: number }> {
  const rows: TallyRow[] = [];
  let itemsRead = 0;
  for (const month of monthsOf(from, to)) {
    const items = await queryAll({
      TableName: tallies(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': `MONTH#${month.month}`,
        ':from': `${month.from}#`,
        ':to': `${month.to}#\uffff`,
      },
    });
    itemsRead += items.length;
    for (const item of items) {
      const counters: Counters = {};
      for (const name of counterNames) if (typeof item[name] === 'number') counters[name as CounterName] = item[name];
      rows.push({ day: item.day as IsoDate, unit: item.unit as Unit, counters });
    }
  }
  return { rows, itemsRead };
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshots

/** What started a run: a schedule (with the instant it was scheduled for) or a person. */
export type Trigger =
  | { readonly kind: 'SCHEDULE'; readonly schedule: string; readonly scheduledTime: string }
  /** `by` is the caller's account (kept for supervision); `role` is what the public page shows instead of it. */
  | { readonly kind: 'REQUEST'; readonly by: string; readonly role?: string };

/** The head of a snapshot revision: its provenance and the period-wide figures (the units are items of their own). */
export interface SnapshotHead {
  readonly period: string;
  readonly revision: number;
  readonly runId: string;
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly trigger: Trigger;
  readonly [field: string]: unknown;
}

/** One unit's figures in a run: a department, window, officer or item (the centre is on the head). */
export interface SnapshotUnit {
  readonly kind: Exclude<UnitKind, 'CENTRE'>;
  readonly id: string;
  readonly [field: string]: unknown;
}

const headEntry = (revision: number) => `head#r${String(revision).padStart(6, '0')}`;
const unitPrefix = (runId: string, kind?: UnitKind) => `unit#${runId}#${kind ? `${kind}#` : ''}`;
/** Unit items written at once (each a PutItem: no batch write on a path an HTTP function shares). */
const UNIT_WRITES_IN_PARALLEL = 16;

/**
 * Saves a revision: the run's unit items first (keyed by its runId, seen by nobody until a head names the run), then
 * the head, which commits it. `units` may be omitted when this run already wrote them (a retry under revision n+1).
 * @returns false when the revision was taken by a concurrent run (its units stay, for the caller's retry).
 */
export async function saveSnapshot(head: SnapshotHead, units?: readonly SnapshotUnit[]): Promise<boolean> {
  const list = [...(units ?? [])];
  const writers = Array.from({ length: Math.min(UNIT_WRITES_IN_PARALLEL, list.length) }, async () => {
    for (let u = list.shift(); u; u = list.shift()) {
      await db().send(
        new PutCommand({
          TableName: evaluations(),
          Item: { ...u, period: head.period, entry: `${unitPrefix(head.runId, u.kind)}${u.id}` },
        }),
      );
    }
  });
  await Promise.all(writers);
  try {
    await db().send(
      new PutCommand({
        TableName: evaluations(),
        Item: { ...head, entry: headEntry(head.revision) },
        // Two runs of one period both read revision n as the latest and write n+1:
        //   A: put head#n+1 ──▶ ok               B: put head#n+1 ──▶ ConditionalCheckFailed → B tries n+2
        // A revision, once written, is never replaced: a rerun adds one and the history stays.
        ConditionExpression: 'attribute_not_exists(entry)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** The newest revision's head, or undefined when the period was never evaluated. */
export async function latestSnapshot(period: string): Promise<SnapshotHead | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: evaluations(),
      KeyConditionExpression: '#period = :period AND begins_with(entry, :head)',
      ExpressionAttributeNames: { '#period': 'period' },
      ExpressionAttributeValues: { ':period': period, ':head': 'head#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return headOf(out.Items?.[0]);
}

/**
 * A stored head without its sort key (`entry` is the table's, not the snapshot's), its scorecard's targets in the
 * order the campaign states them. A DynamoDB map keeps no order: DynamoDB Local gave the four targets back in another
 * order than written (dynalite keeps it), and the scorecard's JSON and CSV list them in the order read
 * (docs/dynamodb-local.md).
 */
function headOf(item: Record<string, unknown> | undefined): SnapshotHead | undefined {
  if (!item) return undefined;
  const { entry: _entry, ...head } = item;
  const targets = head.targets as Record<string, unknown> | undefined;
  if (targets && typeof targets === 'object') {
    const order = Object.keys(targetDefinitions);
    const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
    head.targets = Object.fromEntries(Object.entries(targets).sort(([a], [b]) => rank(a) - rank(b)));
  }
  return head as SnapshotHead;
}

/** One revision's head. */
export async function snapshotHead(period: string, revision: number): Promise<SnapshotHead | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: evaluations(), Key: { period, entry: headEntry(revision) }, ConsistentRead: true }),
  );
  return headOf(out.Item);
}

/** Every revision of a period, oldest first, with its provenance only (not its figures). */
export async function snapshotRevisions(
  period: string,
): Promise<Pick<SnapshotHead, 'revision' | 'runId' | 'generatedAt' | 'generatedBy' | 'trigger'>[]> {
  const items = await queryAll({
    TableName: evaluations(),
    KeyConditionExpression: '#period = :period AND begins_with(entry, :head)',
    ExpressionAttributeValues: { ':period': period, ':head': 'head#' },
    ProjectionExpression: 'revision, runId, generatedAt, generatedBy, #trigger',
    ExpressionAttributeNames: { '#period': 'period', '#trigger': 'trigger' },
    ConsistentRead: true,
  });
  return items as unknown as Pick<SnapshotHead, 'revision' | 'runId' | 'generatedAt' | 'generatedBy' | 'trigger'>[];
}

/** The unit items of one run, of one kind. */
export async function snapshotUnits(
  period: string,
  runId: string,
  kind: SnapshotUnit['kind'],
): Promise<SnapshotUnit[]> {
  const items = await queryAll({
    TableName: evaluations(),
    KeyConditionExpression: '#period = :period AND begins_with(entry, :prefix)',
    ExpressionAttributeNames: { '#period': 'period' },
    ExpressionAttributeValues: { ':period': period, ':prefix': unitPrefix(runId, kind) },
    // The units were written before the head that names them; a strongly consistent read sees every one of them.
    ConsistentRead: true,
  });
  return items.map(({ period: _p, entry: _e, ...unit }) => unit as SnapshotUnit);
}

// ---------------------------------------------------------------------------------------------------------------
// Referrals (首问转介): kept by intake in the Referrals table, read here by day for an evaluation.

/** A referral as the evaluation reads it (functions/domain/evaluation.ts ReferralFacts). */
export interface ReferralRow {
  readonly at: string;
  readonly itemCode: string;
  readonly answeredBy: string;
  readonly receivedBy: { readonly departmentId: string; readonly windowId: string };
}

/** The referrals of one China-local day: one Query of the `byDay` index (reads ∝ that day's referrals). */
export async function referralsOfDay(day: IsoDate): Promise<ReferralRow[]> {
  const items = await queryAll({
    TableName: tableName('referrals'),
    IndexName: 'byDay',
    KeyConditionExpression: '#day = :day',
    ExpressionAttributeNames: { '#day': 'day' },
    ExpressionAttributeValues: { ':day': day },
  });
  return items as unknown as ReferralRow[];
}
