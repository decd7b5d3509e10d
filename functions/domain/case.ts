/**
 * The case (办件) lifecycle: which states exist, which moves between them are allowed, and the expiry rule
 * (超时默认: an eligible item is deemed approved at the deadline; an ineligible one turns overdue).
 * Pure rules: no I/O, no clock of its own — callers pass `now`.
 */

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
export type AccountabilityReason = 'DEEMED_APPROVAL' | 'OVERDUE';

/**
 * Allowed moves. MATERIALS_REQUIRED (a one-time notice was given; no clock yet) becomes ACCEPTED when the materials
 * are complete, or is decided on the spot for an immediate item at a window; a second notice keeps it there (and is
 * an anomaly supervision sees). ACCEPTED is the only state with a running clock. OVERDUE (ineligible item past its
 * deadline) stays open so the department can still decide, late and on record. The other three are final.
 */
export const transitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  // Received for review (收件): staff accept it or give one notice within 5 working days, or it is accepted anyway.
  RECEIVED: ['ACCEPTED', 'MATERIALS_REQUIRED', 'WITHDRAWN'],
  MATERIALS_REQUIRED: ['MATERIALS_REQUIRED', 'ACCEPTED', 'APPROVED', 'REJECTED', 'WITHDRAWN'],
  ACCEPTED: ['APPROVED', 'REJECTED', 'DEEMED_APPROVED', 'OVERDUE', 'WITHDRAWN', 'SUSPENDED'],
  // Paused (Art.45: hearing, testing, expert review… or 补正): the clock stands; resuming moves the deadline.
  SUSPENDED: ['ACCEPTED', 'WITHDRAWN'],
  OVERDUE: ['APPROVED', 'REJECTED'],
  APPROVED: [],
  REJECTED: [],
  // A supervisor's post-hoc review may find a deemed approval wrongful: revoked (撤销, Art.69).
  DEEMED_APPROVED: ['REVOKED'],
  WITHDRAWN: [],
  REVOKED: [],
};

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

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses from which a reviewer's decision may be recorded (an intake decision on the spot is not one). */
export const decidableStatuses: readonly CaseStatus[] = ['ACCEPTED', 'OVERDUE'];

/** The clock runs only while a case is ACCEPTED. */
export function clockRuns(status: CaseStatus): boolean {
  return status === 'ACCEPTED';
}

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

/** When the clock should next wake: the deadline, or `maxWaitDays` from now if the deadline is further away. */
export function nextCheckpoint(deadlineAt: Date, now: Date, maxWaitDays: number): Date {
  const cap = now.getTime() + maxWaitDays * 24 * 60 * 60 * 1000;
  return new Date(Math.min(deadlineAt.getTime(), cap));
}
