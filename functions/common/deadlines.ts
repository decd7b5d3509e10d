import { type Duty, isDue } from '../domain/duty.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getCase, transitionCase } from '../store/cases.ts';
import { type ClockKey, type ClockRecord, closeClock } from '../store/clocks.ts';
import { acceptanceOf } from './acceptance.ts';
import { now } from './clock.ts';
import { startClockOf } from './clock-executions.ts';
import { settleIfExpired } from './expiry.ts';
import { settleGrievance } from './grievance-deadlines.ts';
import { settleInvestigation } from './investigation-deadlines.ts';
import { settleJointApproval, settleJointOpinion } from './joint-deadlines.ts';
import { logger } from './logger.ts';
import { metric } from './observability.ts';
import { settleRatingStage } from './rating-deadlines.ts';
import { settleVisitProblem } from './visit-deadlines.ts';

/**
 * What settling a clock at its deadline did: NOT_DUE (the deadline is still ahead — nothing written), OTHERWISE (the
 * duty was done or ended another way before the deadline: a decision, a withdrawal, staff acting in time), or
 * SETTLED with the consequence the policy names, and whether this call wrote it (or its record).
 */
export type Settlement =
  | { readonly kind: 'NOT_DUE' }
  | { readonly kind: 'OTHERWISE' }
  | {
      readonly kind: 'SETTLED';
      readonly outcome: string;
      readonly appliedNow: boolean;
      readonly recordedNow: boolean;
    };

/**
 * Each duty's consequence at its deadline (the policy's `atDeadline`, carried out on the subject): idempotent, each
 * decided by a conditional write of the subject and its clock together, so the clock's checkpoint, its retries and
 * the reconciler may all call it and the consequence happens once.
 */
const consequences: Readonly<Record<Duty, (clock: ClockRecord, by: string) => Promise<Settlement>>> = {
  // 超时默认 or overdue under supervision, with the accountability record (functions/common/expiry.ts).
  APPROVAL: (clock, by) => settleApproval(clock, by),
  // Art.32(4): no acceptance and no notice within the review period → accepted from receipt; the approval clock starts.
  INTAKE_REVIEW: (clock, by) => settleIntakeReview(clock, by),
  // Grievance stages (functions/common/grievance-deadlines.ts): overdue under supervision, or closed.
  GRIEVANCE_ACCEPT: (clock, by) => settleGrievance(clock, by),
  GRIEVANCE_HANDLE: (clock, by) => settleGrievance(clock, by),
  GRIEVANCE_REVIEW: (clock, by) => settleGrievance(clock, by),
  GRIEVANCE_REVIEW_WINDOW: (clock, by) => settleGrievance(clock, by),
  GRIEVANCE_REREVIEW: (clock, by) => settleGrievance(clock, by),
  GRIEVANCE_REREVIEW_WINDOW: (clock, by) => settleGrievance(clock, by),
  // 好差评: a bad review not contacted in 1 working day, or not rectified in 15 → OVERDUE under supervision.
  RATING_CONTACT: (clock, by) => settleRatingStage(clock, by),
  RATING_RECTIFY: (clock, by) => settleRatingStage(clock, by),
  // 缺席默认 (functions/common/joint-deadlines.ts): a silent department is deemed to agree, with its accountability
  // record; at the joint deadline every silent department is.
  JOINT_APPROVAL: (clock, by) => settleJointApproval(clock, by),
  JOINT_OPINION: (clock, by) => settleJointOpinion(clock, by),
  // 问责调查 (functions/common/investigation-deadlines.ts): undecided at its limit → escalated to the centre's leadership.
  INVESTIGATION: (clock, by) => settleInvestigation(clock, by),
  // 明察暗访 (functions/common/visit-deadlines.ts): a problem unreported at its deadline → OVERDUE, escalated to
  // supervision, with its accountability record.
  VISIT_RECTIFY: (clock, by) => settleVisitProblem(clock, by),
};

/** The approval's consequence alone (the approval clock's checkpoint needs no other duty's, nor their grants). */
export async function settleApproval(clock: ClockRecord, by: string): Promise<Settlement> {
  const found = await getCase(clock.subject);
  if (!found) throw new Error(`CaseNotFound: ${clock.subject}`);
  const result = await settleIfExpired(found, by);
  if (result.kind === 'NOT_DUE') return result;
  if (result.kind === 'DECIDED') return { kind: 'OTHERWISE' };
  return {
    kind: 'SETTLED',
    outcome: result.record.expiry?.outcome ?? 'EXPIRED',
    appliedNow: result.appliedNow,
    recordedNow: result.recordedNow,
  };
}

/** The intake review's consequence alone (the intake clock's checkpoint needs no other duty's, nor their grants). */
export function settleIntakeReview(clock: ClockRecord, by: string): Promise<Settlement> {
  return deemAccepted(clock, by, 1);
}

/** A stale read costs one re-read; more means contention (or a clock out of step with its case: fail loudly). */
const MAX_ATTEMPTS = 3;

async function deemAccepted(clock: ClockRecord, by: string, attempt: number): Promise<Settlement> {
  const key: ClockKey = { subject: clock.subject, duty: 'INTAKE_REVIEW' };
  const approval: ClockKey = { subject: clock.subject, duty: 'APPROVAL' };
  const found = await getCase(clock.subject);
  if (!found) throw new Error(`CaseNotFound: ${clock.subject}`);
  if (found.status !== 'RECEIVED') {
    // Accepted (deemed or by staff), noticed or withdrawn: the write that did it ended this clock. A retry after
    // our own deemed acceptance only (re)starts the approval clock, which is idempotent by name.
    await closeClock(key);
    if (!found.deemedAccepted) return { kind: 'OTHERWISE' };
    await startClockOf(approval);
    return { kind: 'SETTLED', outcome: 'DEEMED_ACCEPTED', appliedNow: false, recordedNow: false };
  }
  const at = now();
  if (!isDue(new Date(clock.deadlineAt), at)) return { kind: 'NOT_DUE' };
  const acceptance = acceptanceOf(
    await currentCalendar(),
    found.id,
    { promisedLimitDays: found.workingDays, yellowWarningDays: found.yellowWarningDays },
    at,
    { kind: 'DEEMED', receivedAt: found.receivedAt },
  );
  // Deemed acceptance vs a clerk's acceptance or notice at the same instant: all move RECEIVED under the timeline
  // head they read, so DynamoDB applies one; the loser re-reads (and this clock, already ended, only closes).
  const accepted = await transitionCase(found, 'RECEIVED', acceptance.fields, acceptance.event, [], undefined, {
    created: [acceptance.clock],
    changes: [acceptance.intakeEnds],
  });
  if (!accepted) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`case ${found.id}: deemed acceptance lost ${MAX_ATTEMPTS} races`);
    return deemAccepted(clock, by, attempt + 1);
  }
  logger.info('deemed accepted from receipt', { caseId: found.id, deadline: acceptance.fields.deadline, by });
  metric('DeemedAcceptances');
  await startClockOf(approval);
  return { kind: 'SETTLED', outcome: 'DEEMED_ACCEPTED', appliedNow: true, recordedNow: false };
}

/** Carries out the policy's consequence on a clock whose deadline may have come (see `consequences`). */
export function settleDue(clock: ClockRecord, by: string): Promise<Settlement> {
  return consequences[clock.duty](clock, by);
}
