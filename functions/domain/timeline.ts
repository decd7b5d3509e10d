import { createHash } from 'node:crypto';

/**
 * Every kind of event this version writes on a case's timeline: one closed set, so a misspelled type does not compile
 * and a new one must be given its place in the lifecycle (`lifecycle`, domain/case.ts) and its readers
 * (`notificationRules`, domain/notifications.ts). Stored timelines may still hold types an older version wrote:
 * those are read as plain strings (`ChainedEvent`), verified like any other, and told to nobody.
 */
export const timelineEventTypes = [
  'RECEIVED', // papers taken in (收件): creates every case, for review or answered at once
  'MATERIALS_REQUIRED', // the one-time notice (一次性告知) of every missing or defective paper
  'REPEATED_NOTICE', // a second notice after resubmission: an anomaly supervision sees
  'ACCEPTED', // accepted (受理): the deadline is set and the approval clock starts
  'DEEMED_ACCEPTED', // no answer within the review period: accepted from receipt (Art.32)
  'SUSPENDED', // paused (Art.45 / 补正): the clock stands
  'RESUMED', // the pause ends: the deadline moves by the working days it covered
  'EXTENSION_REQUESTED', // the handler asks for the one extension (Art.42)
  'EXTENDED', // the head approved the extension: the deadline moves
  'YELLOW_WARNING', // the clock's warning that the deadline is near
  'APPROVED', // decided: approved (on time, late on an overdue case, or on the spot)
  'REJECTED', // decided: rejected
  'DEEMED_APPROVED', // the deadline passed on an eligible item: deemed approved (超时默认)
  'OVERDUE', // the deadline passed on an ineligible item: overdue, under supervision (督办)
  'RED_CARD', // still open at the supervision deadline
  'WITHDRAWN', // the applicant withdrew before a decision
  'REVOKED', // a supervisor found the deemed approval wrongful: revoked (撤销, Art.69)
  'DEEMED_APPROVAL_CONFIRMED', // a supervisor's review confirmed the deemed approval
] as const;
export type TimelineEventType = (typeof timelineEventTypes)[number];

const knownTypes: ReadonlySet<string> = new Set(timelineEventTypes);

/** Is this stored type one this version writes? (False for one an older version wrote, or a corrupted one.) */
export function isTimelineEventType(type: string): type is TimelineEventType {
  return knownTypes.has(type);
}

/**
 * The tamper-evident timeline: each event carries `hash = SHA-256(previous hash ␊ canonical JSON of the event)`,
 * the first one chained to a genesis value derived from the case id. Changing, removing, reordering or inserting
 * any event breaks every hash from that point on, and `verifyChain` names the first broken link.
 *
 * A `TimelineEntry` is an event as this version writes it (its type one of `timelineEventTypes`).
 */
export interface TimelineEntry {
  readonly at: string;
  readonly type: TimelineEventType;
  readonly by: string;
  readonly note?: string;
  /**
   * The digest of the case state this event produced (`stateDigestOf`), written in the same conditional write as
   * the state itself. Absent on events written before state binding, and on the intermediate events of a creation
   * (only its last event's state was ever stored).
   */
  readonly state?: string;
  /**
   * Bound fields found changed outside any event when this event was appended (the state read did not match the
   * previous event's digest): the write goes on — a stuck case helps nobody — but the edit stays on record here.
   */
  readonly stateEditedBefore?: readonly string[];
}

/** An event as read back from the store: written by any version, so its type is only known to be a string. */
export type RecordedEntry = Omit<TimelineEntry, 'type'> & { readonly type: string };

/** A chained event as stored (and read back: its type may be one an older version wrote). */
export type ChainedEvent = RecordedEntry & { readonly hash: string };

export function genesisHash(caseId: string): string {
  return sha256(`xiaoneng:timeline:${caseId}`);
}

/** Chains a new event (typed: only writes use it) to the head it is appended at. */
export function chainEvent(previousHash: string, entry: TimelineEntry): ChainedEvent {
  return link(previousHash, entry);
}

/**
 * Chains an event of another record's own closed set of types (a grievance's, functions/domain/grievance.ts; a
 * rating's, functions/domain/rating.ts) with the same hash link as a case's: one chain format, one verifier.
 */
export function chainRecorded(previousHash: string, entry: RecordedEntry): ChainedEvent {
  return link(previousHash, entry);
}

/** The hash link itself, for any event, old or new: what verification recomputes. */
function link(previousHash: string, entry: RecordedEntry): ChainedEvent {
  const { hash: _ignored, ...fields } = entry as RecordedEntry & { hash?: string };
  return { ...fields, hash: sha256(`${previousHash}\n${canonicalJson(fields)}`) };
}

/** The hash the next event must chain to. */
export function headOf(caseId: string, events: readonly { readonly hash?: string }[]): string {
  return events.at(-1)?.hash ?? genesisHash(caseId);
}

export interface ChainVerdict {
  readonly valid: boolean;
  readonly events: number;
  /** Index of the first event whose hash does not match its content and predecessor; null when valid. */
  readonly firstBrokenAt: number | null;
}

export function verifyChain(
  caseId: string,
  events: readonly (RecordedEntry & { readonly hash?: string })[],
  head?: string,
): ChainVerdict {
  let previous = genesisHash(caseId);
  for (const [index, event] of events.entries()) {
    const expected = link(previous, event).hash;
    if (event.hash !== expected) return { valid: false, events: events.length, firstBrokenAt: index };
    previous = expected;
  }
  // A removed last event leaves an intact shorter chain: the stored head still names the true last hash.
  if (head !== undefined && head !== previous)
    return { valid: false, events: events.length, firstBrokenAt: events.length };
  return { valid: true, events: events.length, firstBrokenAt: null };
}

/**
 * Case attributes outside the state digest: the chain itself, its digests, bookkeeping that moves with every event
 * (`version`, `updatedAt`), and what changes WITHOUT a timeline event — the clock's markers and task token
 * (`clockPending`, `clockStartPending`, `executionArn`, `taskToken`) and the worklist index key (`openDepartment`).
 * Every other attribute is bound, including any a later feature adds: a new attribute that changes without an event
 * shows up as a false alarm in the lifecycle tests (test/e2e/state-binding.test.ts) instead of silently unbound.
 */
export const UNBOUND_ATTRIBUTES: ReadonlySet<string> = new Set([
  'timeline',
  'timelineHead',
  'stateDigests',
  'version',
  'updatedAt',
  'clockPending',
  'clockStartPending',
  'executionArn',
  'taskToken',
  'openDepartment',
  // A grievance's index keys (functions/store/tables.ts): derived from its status by the store, like `openDepartment`.
  'owedBy',
  'registry',
  // A project's index keys (functions/store/projects.ts): derived from what its events wrote.
  'projectRegister',
  'officerSub',
  'reminderPending',
  'nextReminderAt',
]);

/**
 * What a bound record keeps beside its state (`stateDigests`), as one string of `name=digest` pairs separated by spaces:
 * - first `*=`, the whole state's digest: SHA-256 over every bound attribute present, sorted by name, each as its name
 *   ␊ its canonical JSON ␊ — in base64url (43 characters). This is what binds: with the full 256 bits, two states that
 *   digest alike take a collision of SHA-256 (2^128 tries), even when the applicant chose both values;
 * - then one pair per bound attribute, sorted by name: SHA-256(name ␊ canonical JSON of the value) cut to its first
 *   128 bits (22 characters). These only name an edited attribute; two values made to share one (2^64 tries, both chosen
 *   by the same person) could hide which attribute was edited, never that one was.
 *
 * One string attribute of about 0.85 KB instead of a map of 64-character hex digests (1.8 KB, one attribute per
 * field): every write of a case carries it, and a write costs by its size — in write units on DynamoDB, and in CPU on
 * every thread locally (BENCHMARKS.md, 2026-12-06, tenth session).
 */
export type StateDigests = string;

/**
 * The naming aid as versions before the compact form stored it: a map of full hex SHA-256 digests. A record last
 * written then still holds it, and its head event's `state` was computed over it (`legacyStateDigestOf`): it verifies
 * as it always did until its next write, which stores the compact form.
 */
export type LegacyStateDigests = Readonly<Record<string, string>>;

/** The naming aid as read back from the store: the compact form, or the map a record last written before holds. */
export type StoredStateDigests = StateDigests | LegacyStateDigests;

/** The bound attributes present on a record, sorted by name, with their values. */
function boundEntries(item: object): [string, unknown][] {
  const fields = item as Readonly<Record<string, unknown>>;
  return Object.keys(fields)
    .sort()
    .flatMap((key): [string, unknown][] =>
      UNBOUND_ATTRIBUTES.has(key) || fields[key] === undefined ? [] : [[key, fields[key]]],
    );
}

export function stateDigests(item: object): StateDigests {
  const whole = createHash('sha256');
  const pairs = boundEntries(item).map(([key, value]) => {
    const line = `${key}\n${canonicalJson(value)}`;
    whole.update(`${line}\n`, 'utf8');
    return `${key}=${digest128(line)}`;
  });
  return [`${WHOLE_STATE}=${whole.digest('base64url')}`, ...pairs].join(' ');
}

/** The name of the whole state's digest in `stateDigests`: never an attribute's name. */
const WHOLE_STATE = '*';

/**
 * The one digest an event carries: over `stateDigests` (the whole state's digest and the named attribute digests, so
 * an edit and an added attribute both change it). The tag differs from the legacy form's, so a digest of one form
 * never stands for a state read in the other.
 */
export function stateDigestOf(digests: StateDigests): string {
  return sha256(`xiaoneng:state:2\n${digests}`);
}

/** The legacy map form of the naming aid (`LegacyStateDigests`): what verification recomputes for an older record. */
export function legacyStateDigests(item: object): LegacyStateDigests {
  return Object.fromEntries(boundEntries(item).map(([key, value]) => [key, sha256(`${key}\n${canonicalJson(value)}`)]));
}

/** The event digest over the legacy map form. */
export function legacyStateDigestOf(digests: LegacyStateDigests): string {
  return sha256(`xiaoneng:state\n${canonicalJson(digests)}`);
}

/** A naming aid's digests by attribute name, whichever form it is in. */
function digestsByName(digests: StoredStateDigests): ReadonlyMap<string, string> {
  if (typeof digests !== 'string') return new Map(Object.entries(digests));
  return new Map(
    digests
      .split(' ')
      .filter((pair) => pair !== '')
      .map((pair): [string, string] => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
}

/**
 * The case as a conditional write leaves it: `current` with `set` applied and `remove` removed. The write is
 * conditional on the timeline head `current` was read at, so no other event-bearing write came in between.
 */
export function stateAfter<T extends object>(
  current: T,
  set: Readonly<Record<string, unknown>>,
  remove: readonly string[] = [],
): Record<string, unknown> {
  const after: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(set)) if (value !== undefined) after[key] = value;
  for (const key of remove) delete after[key];
  return after;
}

export interface StateVerdict {
  /** The head event carries a state digest (false for a case whose last write predates state binding). */
  readonly bound: boolean;
  /** Index of the first event carrying a state digest; null when none does. */
  readonly boundFrom: number | null;
  /** The item's bound attributes hash to the head event's digest; null when not bound. */
  readonly valid: boolean | null;
  /**
   * The attributes that differ from what the head event bound (added, removed or changed), named from the item's
   * per-attribute digests when those still hash to the head's digest; null when they were altered as well, or when
   * only the whole state's digest tells the edit (the edit is detected, but cannot be named).
   */
  readonly changed: readonly string[] | null;
}

interface StateItem {
  readonly timeline?: readonly { readonly state?: string }[];
  readonly stateDigests?: StoredStateDigests;
}

/** Does the case item still hold the state its last event bound? */
export function verifyState(item: StateItem): StateVerdict {
  const timeline = item.timeline ?? [];
  const firstBound = timeline.findIndex((e) => e.state !== undefined);
  const boundFrom = firstBound < 0 ? null : firstBound;
  const bound = timeline.at(-1)?.state;
  if (bound === undefined) return { bound: false, boundFrom, valid: null, changed: null };
  const actual = stateDigests(item);
  if (stateDigestOf(actual) === bound) return { bound: true, boundFrom, valid: true, changed: [] };
  // A record last written before the compact form: its head's digest is over the legacy map.
  const legacy = legacyStateDigests(item);
  if (legacyStateDigestOf(legacy) === bound) return { bound: true, boundFrom, valid: true, changed: [] };
  // Edited. The stored aid names the attributes only while it still hashes to the head's digest, in its own form.
  const recorded = item.stateDigests;
  const trusted =
    typeof recorded === 'string'
      ? stateDigestOf(recorded) === bound && { recorded, actual }
      : recorded !== undefined && legacyStateDigestOf(recorded) === bound && { recorded, actual: legacy };
  if (!trusted) return { bound: true, boundFrom, valid: false, changed: null };
  const was = digestsByName(trusted.recorded);
  const now = digestsByName(trusted.actual);
  const names = new Set([...was.keys(), ...now.keys()]);
  names.delete(WHOLE_STATE);
  const changed = [...names].filter((k) => was.get(k) !== now.get(k)).sort();
  // The whole state's digest differs while every attribute's agrees: an edit, but two values sharing a cut digest.
  if (changed.length === 0) return { bound: true, boundFrom, valid: false, changed: null };
  return { bound: true, boundFrom, valid: false, changed };
}

/**
 * The next event of a write, bound to the state it produces, and the per-attribute digests to store beside it.
 * `current` is the item as read (its head is the write's condition); `after` the item as the write leaves it.
 */
export function bindEvent(
  current: StateItem,
  entry: TimelineEntry,
  after: object,
): { readonly entry: TimelineEntry; readonly digests: StateDigests } {
  return bindRecorded(current, entry, after);
}

/** `bindEvent` for an event of another record's own closed set of types (a grievance's). */
export function bindRecorded<E extends RecordedEntry>(
  current: StateItem,
  entry: E,
  after: object,
): { readonly entry: E; readonly digests: StateDigests } {
  const digests = stateDigests(after);
  const before = verifyState(current);
  const { state: _s, stateEditedBefore: _e, ...plain } = entry;
  return {
    entry: {
      ...plain,
      state: stateDigestOf(digests),
      ...(before.valid === false ? { stateEditedBefore: before.changed ?? ['(unnamed)'] } : {}),
    } as E,
    digests,
  };
}

/**
 * Binds a new case's state to the last event of its creation (re-chaining that event): what `createCase` writes.
 */
export function bindCreated<T extends { readonly id: string; readonly timeline: readonly ChainedEvent[] }>(
  record: T,
): T & { readonly timelineHead: string; readonly stateDigests: StateDigests } {
  const events = record.timeline;
  const last = events.at(-1);
  const withoutIndex: Record<string, unknown> = { ...record };
  delete withoutIndex.stateDigests;
  const digests = stateDigests(withoutIndex);
  if (!last) return { ...record, timelineHead: genesisHash(record.id), stateDigests: digests };
  const { hash: _h, ...entry } = last;
  const previous = headOf(record.id, events.slice(0, -1));
  const bound = link(previous, { ...entry, state: stateDigestOf(digests) });
  return { ...record, timeline: [...events.slice(0, -1), bound], timelineHead: bound.hash, stateDigests: digests };
}

export interface CaseVerdict extends ChainVerdict {
  readonly state: StateVerdict;
  /** Events appended on a state someone had edited outside any event: where, and which attributes. */
  readonly editsRecorded: readonly { readonly event: number; readonly fields: readonly string[] }[];
}

/** The chain, the state against its head, and the edits earlier writes found: `valid` only if all three hold. */
export function verifyCase(
  item: Omit<StateItem, 'timeline'> & {
    readonly id: string;
    readonly timelineHead?: string;
    readonly timeline?: readonly (RecordedEntry & { readonly hash?: string })[];
  },
): CaseVerdict {
  const timeline = item.timeline ?? [];
  const chain = verifyChain(item.id, timeline, item.timelineHead);
  const state = verifyState(item);
  const editsRecorded = timeline.flatMap((e, event) =>
    e.stateEditedBefore ? [{ event, fields: e.stateEditedBefore }] : [],
  );
  return {
    ...chain,
    valid: chain.valid && state.valid !== false && editsRecorded.length === 0,
    state,
    editsRecorded,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The first 128 bits of SHA-256, base64url: a per-attribute digest of the naming aid. */
function digest128(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/** JSON with keys sorted at every level: the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  // Undefined list elements are dropped, as the store's marshalling drops them (removeUndefinedValues): a value
  // hashes the same before it is written and after it is read back.
  if (Array.isArray(value))
    return `[${value
      .filter((v) => v !== undefined)
      .map(canonicalJson)
      .join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
