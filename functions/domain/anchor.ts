import { createHash } from 'node:crypto';
import { canonicalJson, verifyState } from './timeline.ts';

/**
 * Checkpoints of chain heads, kept outside the Cases table (docs/tamper-evidence.md). Each one lists the heads of the
 * cases whose timeline grew in one batch of the Cases stream, and the hash of the checkpoint before it (a chain of
 * checkpoints); it is signed with a key the table's writers do not hold. A timeline rewritten after anchoring — even
 * with every hash recomputed — no longer has the anchored hash at the anchored length.
 * Pure: no I/O; signing and storage are the anchor archive's (functions/common/anchor-archive.ts).
 */
export const CHECKPOINT_FORMAT = 'xiaoneng-checkpoint/1';

export interface AnchoredHead {
  readonly caseId: string;
  /** How many timeline events the case had: the head is the hash of event `events - 1`. */
  readonly events: number;
  readonly head: string;
}

/**
 * A change the anchor saw on the stream that no API write makes: a timeline whose earlier events changed or went
 * away, a bound attribute changed without an event, a case deleted. Signed into the checkpoint as it is seen, so it
 * stays on record even if the table is put back afterwards.
 */
export interface AnchorAlert {
  readonly caseId: string;
  readonly kind: 'TIMELINE_REWRITTEN' | 'STATE_EDITED' | 'DELETED';
  /** TIMELINE_REWRITTEN: the first event position that changed (or where the timeline was cut short). */
  readonly event?: number;
  /** STATE_EDITED: the attributes named (absent when they could not be named). */
  readonly fields?: readonly string[];
}

export interface CheckpointDocument {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** 1, 2, 3…: the position in the chain of checkpoints. */
  readonly seq: number;
  readonly at: string;
  /** `checkpointHash` of checkpoint seq-1 (`genesisCheckpoint()` for the first). */
  readonly previous: string;
  readonly heads: readonly AnchoredHead[];
  /** What the anchor saw that no API write does (absent when nothing). */
  readonly alerts?: readonly AnchorAlert[];
}

/** A checkpoint as stored: the document's canonical bytes' signature (ECDSA P-256 / SHA-256, DER, base64). */
export interface SignedCheckpoint {
  readonly document: CheckpointDocument;
  readonly signature: string;
  /** Which key signed it (a KMS key ARN, or `local:<fingerprint>`). */
  readonly keyId: string;
}

export function genesisCheckpoint(): string {
  return sha256('xiaoneng:checkpoints');
}

/** The bytes that are signed: the document, canonical. */
export function signedBytes(document: CheckpointDocument): Buffer {
  return Buffer.from(canonicalJson(document), 'utf8');
}

/** What the next checkpoint names as `previous`: the hash of the whole signed checkpoint. */
export function checkpointHash(checkpoint: SignedCheckpoint): string {
  return sha256(canonicalJson(checkpoint));
}

/**
 * The heads to anchor from one batch of stream images: the cases whose timeline grew, each once, at its newest head
 * (a batch may hold several writes to one case; writes that append no event — the clock's token, its markers —
 * change no head and are left out).
 */
export function headsToAnchor(
  changes: readonly {
    readonly before?: { readonly timeline?: readonly unknown[] };
    readonly after?: { readonly id?: string; readonly timeline?: readonly unknown[]; readonly timelineHead?: string };
  }[],
): AnchoredHead[] {
  const newest = new Map<string, AnchoredHead>();
  for (const { before, after } of changes) {
    const events = after?.timeline?.length ?? 0;
    if (!after?.id || !after.timelineHead || events === 0) continue;
    if ((before?.timeline?.length ?? 0) === events) continue;
    const seen = newest.get(after.id);
    if (!seen || seen.events < events) newest.set(after.id, { caseId: after.id, events, head: after.timelineHead });
  }
  return [...newest.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}

type Image = {
  readonly id?: string;
  readonly timeline?: readonly { readonly hash?: string; readonly state?: string }[];
  readonly timelineHead?: string;
};

/**
 * What no API write does, seen between the old and the new image of each stream record. Every write through the
 * store appends to the timeline and binds the state, so: an earlier event changed or gone is a rewrite; a new image
 * whose bound attributes differ from its head's digest is a direct edit; a deleted item is a deletion.
 */
export function alertsOf(changes: readonly { readonly before?: Image; readonly after?: Image }[]): AnchorAlert[] {
  const alerts: AnchorAlert[] = [];
  for (const { before, after } of changes) {
    const caseId = after?.id ?? before?.id;
    if (!caseId) continue;
    if (!after) {
      alerts.push({ caseId, kind: 'DELETED' });
      continue;
    }
    const old = before?.timeline ?? [];
    const now = after.timeline ?? [];
    const changedAt = old.findIndex((e, i) => i >= now.length || now[i]?.hash !== e.hash);
    if (before && changedAt >= 0) alerts.push({ caseId, kind: 'TIMELINE_REWRITTEN', event: changedAt });
    const state = verifyState(after);
    if (state.valid === false) {
      alerts.push({ caseId, kind: 'STATE_EDITED', ...(state.changed ? { fields: state.changed } : {}) });
    }
  }
  return alerts;
}

export interface AnchorFinding {
  readonly checkpoint: number;
  readonly events: number;
  readonly anchoredHead: string;
  /** The hash the table holds now at that position (null: the timeline is shorter than what was anchored). */
  readonly found: string | null;
}

export interface AnchorVerdict {
  /** Checkpoints (with a valid signature) that name the case. */
  readonly checkpoints: number;
  /** The longest timeline anchored; null when no checkpoint names the case yet. */
  readonly anchoredEvents: number | null;
  readonly valid: boolean;
  /** Anchored heads the timeline no longer has: rewritten (or cut short) after anchoring. */
  readonly rewritten: readonly AnchorFinding[];
  /** Checkpoints pointed to for the case whose signature does not verify, or that do not name it. */
  readonly invalidCheckpoints: readonly number[];
  /** What the anchor saw happen to the case that no API write does, with the checkpoint that recorded it. */
  readonly alerts: readonly (AnchorAlert & { readonly checkpoint: number })[];
}

/** Compares a timeline with every checkpoint that names its case. */
export function checkAnchors(
  caseId: string,
  timeline: readonly { readonly hash?: string }[],
  checkpoints: readonly {
    readonly seq: number;
    readonly document?: CheckpointDocument;
    readonly signatureValid: boolean;
  }[],
): AnchorVerdict {
  const rewritten: AnchorFinding[] = [];
  const invalidCheckpoints: number[] = [];
  const alerts: (AnchorAlert & { checkpoint: number })[] = [];
  let anchoredEvents: number | null = null;
  let counted = 0;
  for (const { seq, document, signatureValid } of checkpoints) {
    const heads = document?.heads.filter((h) => h.caseId === caseId) ?? [];
    const seen = document?.alerts?.filter((a) => a.caseId === caseId) ?? [];
    if (!signatureValid || !document || document.seq !== seq || heads.length + seen.length === 0) {
      invalidCheckpoints.push(seq);
      continue;
    }
    counted++;
    for (const a of seen) alerts.push({ ...a, checkpoint: seq });
    for (const h of heads) {
      anchoredEvents = Math.max(anchoredEvents ?? 0, h.events);
      const found = timeline[h.events - 1]?.hash ?? null;
      if (found !== h.head) rewritten.push({ checkpoint: seq, events: h.events, anchoredHead: h.head, found });
    }
  }
  return {
    checkpoints: counted,
    anchoredEvents,
    valid: rewritten.length === 0 && invalidCheckpoints.length === 0 && alerts.length === 0,
    rewritten,
    invalidCheckpoints,
    alerts,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
