import { createHash } from 'node:crypto';
import { canonicalJson } from './timeline.ts';

/**
 * Checkpoints of chain heads, kept outside the Cases table (docs/tamper-evidence.md). Each one lists the heads of the
 * cases whose timeline grew in one batch of the Cases stream, and the hash of the checkpoint before it (a chain of
 * checkpoints); it is signed with a key the table's writers do not hold. A timeline rewritten after anchoring — even
 * with every hash recomputed — no longer has the anchored hash at the anchored length.
 * Pure: no I/O; signing and storage are the anchor archive's (functions/stream/anchor-archive.ts).
 */
export const CHECKPOINT_FORMAT = 'xiaoneng-checkpoint/1';

export interface AnchoredHead {
  readonly caseId: string;
  /** How many timeline events the case had: the head is the hash of event `events - 1`. */
  readonly events: number;
  readonly head: string;
}

export interface CheckpointDocument {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** 1, 2, 3…: the position in the chain of checkpoints. */
  readonly seq: number;
  readonly at: string;
  /** `checkpointHash` of checkpoint seq-1 (`genesisCheckpoint()` for the first). */
  readonly previous: string;
  readonly heads: readonly AnchoredHead[];
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
  let anchoredEvents: number | null = null;
  let counted = 0;
  for (const { seq, document, signatureValid } of checkpoints) {
    const heads = document?.heads.filter((h) => h.caseId === caseId) ?? [];
    if (!signatureValid || !document || document.seq !== seq || heads.length === 0) {
      invalidCheckpoints.push(seq);
      continue;
    }
    counted++;
    for (const h of heads) {
      anchoredEvents = Math.max(anchoredEvents ?? 0, h.events);
      const found = timeline[h.events - 1]?.hash ?? null;
      if (found !== h.head) rewritten.push({ checkpoint: seq, events: h.events, anchoredHead: h.head, found });
    }
  }
  return {
    checkpoints: counted,
    anchoredEvents,
    valid: rewritten.length === 0 && invalidCheckpoints.length === 0,
    rewritten,
    invalidCheckpoints,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
