import { createHash } from 'node:crypto';

/**
 * The tamper-evident timeline: each event carries `hash = SHA-256(previous hash ␊ canonical JSON of the event)`,
 * the first one chained to a genesis value derived from the case id. Changing, removing, reordering or inserting
 * any event breaks every hash from that point on, and `verifyChain` names the first broken link.
 */
export interface TimelineEntry {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly note?: string;
}

export type ChainedEvent = TimelineEntry & { readonly hash: string };

export function genesisHash(caseId: string): string {
  return sha256(`xiaoneng:timeline:${caseId}`);
}

export function chainEvent(previousHash: string, entry: TimelineEntry): ChainedEvent {
  const { hash: _ignored, ...fields } = entry as TimelineEntry & { hash?: string };
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
  events: readonly (TimelineEntry & { readonly hash?: string })[],
  head?: string,
): ChainVerdict {
  let previous = genesisHash(caseId);
  for (const [index, event] of events.entries()) {
    const expected = chainEvent(previous, event).hash;
    if (event.hash !== expected) return { valid: false, events: events.length, firstBrokenAt: index };
    previous = expected;
  }
  // A removed last event leaves an intact shorter chain: the stored head still names the true last hash.
  if (head !== undefined && head !== previous)
    return { valid: false, events: events.length, firstBrokenAt: events.length };
  return { valid: true, events: events.length, firstBrokenAt: null };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with keys sorted at every level: the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
