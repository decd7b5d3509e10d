/**
 * The case (办件) lifecycle: which states exist, which timeline event each state takes and where that leaves the case
 * (`lifecycle`, enforced on every write), and the expiry rule (超时默认: an eligible item is deemed approved at the
 * deadline; an ineligible one turns overdue). Legal basis and defaults: docs/rules.md.
 * Pure rules: no I/O, no clock of its own — callers pass `now`.
 */

import type { TimelineEventType } from './timeline.ts';

export const caseStatuses = [
  'RECEIVED',
  'MATERIALS_REQUIRED',
  'ACCEPTED',
  'SUSPENDED',
  'APPROVED',
  'REJECTED',
  'DEEMED_APPROVED',
  'OVERDUE',
  'WITHDRAWN',
  'REVOKED',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const decisionOutcomes = ['APPROVED', 'REJECTED'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

export type ExpiryOutcome = 'DEEMED_APPROVED' | 'OVERDUE';

/** Why someone is put on record (问责). */
/** COMPLAINT: a substantiated grievance against the department (and the officer where named), issue 14. */
/**
 * Why a record is on the accountability list: a deemed approval, an overdue case, a case's red card, a substantiated
 * complaint, a department deemed to agree in a joint approval by its silence (缺席默认, docs/green-channel.md), a bad
 * review upheld on appeal, or an inspection visit's finding (the register's workflow: functions/domain/accountability.ts).
 */
export type AccountabilityReason =
  | 'DEEMED_APPROVAL'
  | 'OVERDUE'
  | 'RED_CARD'
  | 'COMPLAINT'
  | 'DEEMED_AGREEMENT'
  | 'BAD_REVIEW'
  | 'VISIT_FINDING';

/** The event that creates every case, in RECEIVED: the only one no state takes (see `lifecycle`). */
export const creatingEvent = 'RECEIVED' satisfies TimelineEventType;

/**
 * The lifecycle table: for each state, the timeline events it takes and the state each leaves the case in. An event
 * that leaves the state as it was (a yellow warning, a second notice, a requested or approved extension, a red card,
 * a confirmed deemed approval) is a move to the same state. Anything not listed is refused before it is written:
 * `transitionCase` (functions/store/cases.ts) calls `assertMove` first, and the store's dedicated writers (the
 * decision, the expiry rule, the withdrawal of an accepted case) are held to the table by test/store/lifecycle.test.ts.
 * Every case begins with `creatingEvent` in RECEIVED; a creation that answers at once (a notice, an acceptance, a
 * decision on the spot) records the following events of this table in the same write.
 *
 * - RECEIVED: papers taken in for review (收件). Within 5 working days staff accept them or give one notice; after
 *   that they count as accepted from receipt (Art.32).
 * - MATERIALS_REQUIRED: a one-time notice was given; no clock yet. Complete materials accept it; still incomplete,
 *   a second notice keeps it here (an anomaly supervision sees). It is never decided before it is accepted.
 * - ACCEPTED: the approval clock runs (warnings, the one extension); a decision, the expiry rule at the deadline, a
 *   pause or a withdrawal moves it on.
 * - SUSPENDED: paused (Art.45: hearing, testing, expert review… or 补正); the clock stands, and resuming moves the
 *   deadline by the working days the pause covered.
 * - OVERDUE: an ineligible item past its deadline stays open under supervision (督办): still decidable, late and on
 *   record, and red-carded if still open at the supervision deadline. It can no longer be withdrawn.
 * - DEEMED_APPROVED: decided by the deadline (超时默认); a supervisor's review confirms it or revokes it (撤销, Art.69).
 * - APPROVED, REJECTED, WITHDRAWN, REVOKED: final; they take no event.
 */
export const lifecycle = {
  RECEIVED: {
    ACCEPTED: 'ACCEPTED',
    MATERIALS_REQUIRED: 'MATERIALS_REQUIRED',
    DEEMED_ACCEPTED: 'ACCEPTED',
    WITHDRAWN: 'WITHDRAWN',
  },
  MATERIALS_REQUIRED: {
    ACCEPTED: 'ACCEPTED',
    REPEATED_NOTICE: 'MATERIALS_REQUIRED',
    WITHDRAWN: 'WITHDRAWN',
  },
  ACCEPTED: {
    APPROVED: 'APPROVED',
    REJECTED: 'REJECTED',
    DEEMED_APPROVED: 'DEEMED_APPROVED',
    OVERDUE: 'OVERDUE',
    WITHDRAWN: 'WITHDRAWN',
    SUSPENDED: 'SUSPENDED',
    YELLOW_WARNING: 'ACCEPTED',
    EXTENSION_REQUESTED: 'ACCEPTED',
    EXTENDED: 'ACCEPTED',
  },
  SUSPENDED: {
    RESUMED: 'ACCEPTED',
    WITHDRAWN: 'WITHDRAWN',
  },
  OVERDUE: {
    APPROVED: 'APPROVED',
    REJECTED: 'REJECTED',
    RED_CARD: 'OVERDUE',
  },
  DEEMED_APPROVED: {
    REVOKED: 'REVOKED',
    DEEMED_APPROVAL_CONFIRMED: 'DEEMED_APPROVED',
  },
  APPROVED: {},
  REJECTED: {},
  WITHDRAWN: {},
  REVOKED: {},
} as const satisfies Record<CaseStatus, Partial<Record<Exclude<TimelineEventType, typeof creatingEvent>, CaseStatus>>>;

/** The state `event` leaves a `from` case in, or undefined when `from` does not take that event. */
export function nextStatus(from: CaseStatus, event: TimelineEventType): CaseStatus | undefined {
  const takes: Partial<Record<TimelineEventType, CaseStatus>> = lifecycle[from];
  return Object.hasOwn(takes, event) ? takes[event] : undefined;
}

/** Is "a `from` case takes `event` and becomes `to`" a move of the lifecycle table? */
export function isMove(from: CaseStatus, event: TimelineEventType, to: CaseStatus): boolean {
  return nextStatus(from, event) === to;
}

/**
 * Refuses a write the lifecycle table does not hold — a programming error (a handler asking for a move the lifecycle
 * does not have), thrown before anything is written.
 */
export function assertMove(from: CaseStatus, to: CaseStatus, event: TimelineEventType): void {
  const next = nextStatus(from, event);
  if (next === to) return;
  throw new Error(
    next === undefined
      ? `lifecycle: ${articled(from)} case takes no ${event} event`
      : `lifecycle: ${event} leaves ${articled(from)} case ${next}, not ${to}`,
  );
}

function articled(status: CaseStatus): string {
  return `${/^[AEIOU]/.test(status) ? 'an' : 'a'} ${status}`;
}

/** Can a `from` case become `to` by some event (the same state included, for an event without a status change)? */
export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return Object.values(lifecycle[from]).some((next) => next === to);
}

/** The applicant may withdraw while no decision is made and no deadline has passed. */
export const withdrawableStatuses: readonly CaseStatus[] = ['RECEIVED', 'MATERIALS_REQUIRED', 'ACCEPTED', 'SUSPENDED'];

/** Why a case may be paused (Art.45, and 补正 in common practice). */
export const pauseReasons = [
  'SUPPLEMENT',
  'HEARING',
  'BIDDING',
  'AUCTION',
  'INSPECTION',
  'TESTING',
  'QUARANTINE',
  'APPRAISAL',
  'EXPERT_REVIEW',
] as const;
export type PauseReason = (typeof pauseReasons)[number];

/** Statuses from which a reviewer's decision may be recorded (an intake decision on the spot is not one). */
export const decidableStatuses: readonly CaseStatus[] = ['ACCEPTED', 'OVERDUE'];

/** The deadline is the end of the last working day: a case expires at that instant, never before. */
export function hasExpired(deadlineAt: Date, now: Date): boolean {
  return now.getTime() >= deadlineAt.getTime();
}

/** The expiry rule: what an ACCEPTED case with no decision becomes at its deadline. */
export function expiryOutcome(item: { readonly deemedConsentEligible: boolean }): ExpiryOutcome {
  return item.deemedConsentEligible ? 'DEEMED_APPROVED' : 'OVERDUE';
}

export function accountabilityReasonFor(outcome: ExpiryOutcome): AccountabilityReason {
  return outcome === 'DEEMED_APPROVED' ? 'DEEMED_APPROVAL' : 'OVERDUE';
}

export type DecisionCheck =
  | { readonly ok: true; readonly late: boolean }
  | { readonly ok: false; readonly reason: 'ALREADY_DECIDED' | 'DEEMED_APPROVED' | 'DEADLINE_PASSED' | 'NOT_ACCEPTED' };

/**
 * May a decision be recorded now? Before the deadline on an ACCEPTED case: yes. On an OVERDUE case: yes, late.
 * On an ACCEPTED case whose deadline has passed: no — the expiry rule owns it (the clock is about to apply it).
 */
export function checkDecision(status: CaseStatus, deadlineAt: Date | undefined, now: Date): DecisionCheck {
  if (status === 'RECEIVED' || status === 'MATERIALS_REQUIRED' || status === 'SUSPENDED' || deadlineAt === undefined) {
    return { ok: false, reason: 'NOT_ACCEPTED' };
  }
  if (status === 'DEEMED_APPROVED') return { ok: false, reason: 'DEEMED_APPROVED' };
  if (status === 'APPROVED' || status === 'REJECTED' || status === 'WITHDRAWN' || status === 'REVOKED') {
    return { ok: false, reason: 'ALREADY_DECIDED' };
  }
  if (status === 'OVERDUE') return { ok: true, late: true };
  if (hasExpired(deadlineAt, now)) return { ok: false, reason: 'DEADLINE_PASSED' };
  return { ok: true, late: false };
}
