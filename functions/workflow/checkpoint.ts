import middy from '@middy/core';
import { now } from '../common/clock.ts';
import {
  CHECKPOINT_ACTIONS,
  type CheckpointAction,
  type CheckpointOutput,
  MAX_WAIT_DAYS,
  type Milestone,
} from '../common/clock-contract.ts';
import { settleApproval } from '../common/deadlines.ts';
import { logger } from '../common/logger.ts';
import { metric, observed } from '../common/observability.ts';
import { type ClockFacts, dueNow, MILESTONES, nextWake, policies } from '../domain/duty.ts';
import { toShanghaiIso, toUtcWaitTimestamp } from '../domain/time.ts';
import { recordOnce } from '../store/accountability.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getCase, transitionCase } from '../store/cases.ts';
import { type ClockKey, type ClockRecord, clearReplanOwed, getClock } from '../store/clocks.ts';
import { caseIdOf } from './input.ts';

const BY = 'system:approval-clock';
const policy = policies.APPROVAL;

/**
 * The approval clock's checkpoint: re-reads the clock, does what its policy says is due now (functions/domain/duty.ts
 * `dueNow`), and says what the state machine does next — wait again (until the next milestone, at most MAX_WAIT_DAYS
 * ahead), or end. What may be due, each applied by a conditional write of the case and its clock together, so that a
 * retry finishes a half-done step and never doubles it:
 *  - the warning: a YELLOW_WARNING event (the handler and the head are notified from the timeline);
 *  - the deadline: the policy's consequence (deemed consent, the clock ends; or OVERDUE under supervision, 督办);
 *  - an overdue case's supervision deadline: still open → RED_CARD (the clock ends).
 */
export const handler = middy(async (event: unknown): Promise<CheckpointOutput> => {
  const caseId = caseIdOf(event);
  const key: ClockKey = { subject: caseId, duty: 'APPROVAL' };
  const clock = await getClock(key);
  if (!clock) throw new Error(`ClockNotFound: ${caseId} APPROVAL`);
  // The deadline moved (a resume, an extension) since the plan this execution may be waiting on: what follows plans
  // around the deadline just read, so the re-plan is no longer owed (kept if it moved again meanwhile).
  if (clock.replanOwed) await clearReplanOwed(key, clock.replanOwed, clock.deadlineAt);
  // Expired (deemed approved, or overdue — and perhaps decided late since) with its accountability record still owed:
  // a crash fell between the expiry and the record. Settling again finishes the record. This must come before dueNow,
  // which answers DONE for an ended clock and WAIT for an overdue one: the execution went on without the record, left
  // to the hourly reconciler (found by the model check, functions/workflow/model/approval-clock.pml).
  if (clock.clockPending && (clock.phase === 'ENDED' || clock.phase === 'OVERDUE')) return atDeadline(clock);
  if (clock.phase === 'ENDED') {
    // A retry after a red card: its accountability record may not be written yet (a crash right after the card).
    if (clock.outcome === 'RED_CARD') await recordRedCard(caseId);
    return { caseId, action: endingOf(clock) };
  }
  const at = now();
  const due = dueNow(policy, factsOf(clock), at, await currentCalendar());
  switch (due.kind) {
    case 'WAIT':
      return waitFor(caseId, due.until, due.towards);
    case 'WARN':
      return warn(clock, at);
    case 'ESCALATE':
      return redCard(clock, at);
    case 'DONE':
      // Nothing more is due: an escalated clock has had its red card (a retry after the write); any other ends as it did.
      return clock.escalatedAt ? redCard(clock, at) : { caseId, action: endingOf(clock) };
    default:
      return atDeadline(clock);
  }
}).use(observed());

function factsOf(clock: ClockRecord): ClockFacts {
  return {
    phase: clock.phase,
    limit: clock.limit,
    deadlineDate: clock.deadlineDate,
    deadlineAt: clock.deadlineAt,
    warningDays: clock.warningDays,
    warnedFor: clock.warnedFor,
    supervisionAt: clock.supervision?.deadlineAt,
    escalatedAt: clock.escalatedAt,
  };
}

/** How an ended clock ended, in the state machine's words. */
function endingOf(clock: ClockRecord): CheckpointAction {
  switch (clock.outcome) {
    case 'WITHDRAWN':
      return CHECKPOINT_ACTIONS.withdrawn;
    case 'DEEMED_APPROVED':
      return CHECKPOINT_ACTIONS.deemedApproved;
    case 'RED_CARD':
      return CHECKPOINT_ACTIONS.redCard;
    // A late decision ends the execution as "DecidedLate" whichever branch finds it (the model's third finding).
    case 'DECIDED_LATE':
      return CHECKPOINT_ACTIONS.decidedLate;
    default:
      return CHECKPOINT_ACTIONS.decided;
  }
}

/** The deadline came: the policy's consequence, then end (deemed consent) or wait for supervision's deadline. */
async function atDeadline(clock: ClockRecord): Promise<CheckpointOutput> {
  const caseId = clock.subject;
  const result = await settleApproval(clock, BY);
  const after = await getClock(clock);
  if (!after) throw new Error(`ClockNotFound: ${caseId} APPROVAL`);
  if (result.kind === 'NOT_DUE') throw new Error(`case ${caseId}: the deadline is not due yet; retrying`);
  if (after.phase === 'ENDED') {
    if (after.outcome === 'DEEMED_APPROVED') logger.info('approval clock ended at the deadline', { caseId });
    if (after.outcome === 'RED_CARD') await recordRedCard(caseId);
    return { caseId, action: endingOf(after) };
  }
  const overdueNow = result.kind === 'SETTLED' && result.appliedNow;
  const supervisionAt = after.supervision?.deadlineAt;
  if (after.phase !== 'OVERDUE' || !supervisionAt)
    throw new Error(`case ${caseId}: clock ${after.phase} after its deadline`);
  return {
    ...waitFor(caseId, new Date(supervisionAt), MILESTONES.supervisionDeadline),
    ...(overdueNow ? { raised: 'OVERDUE' as const } : {}),
  };
}

/** The warning's instant has come: a YELLOW_WARNING on the case, the clock remembers the deadline it warned for. */
async function warn(clock: ClockRecord, at: Date): Promise<CheckpointOutput> {
  const c = await getCase(clock.subject);
  if (!c) throw new Error(`CaseNotFound: ${clock.subject}`);
  const threshold = policy.warning?.threshold(clock.limit, clock.warningDays);
  const warned = await transitionCase(
    c,
    'ACCEPTED',
    {},
    {
      at: toShanghaiIso(at),
      type: 'YELLOW_WARNING',
      by: BY,
      note: `黄灯预警：距办结期限 ${clock.deadlineDate} 不足 ${threshold} 个工作日 Yellow light: the deadline (end of ${clock.deadlineDate}) is near`,
    },
    [],
    // Yellow vs anything else at once (a decision, a pause, the deadline): the warning needs the case as read — still
    // ACCEPTED at the same timeline head — and the deadline still ahead, or it is not written (and the retry re-reads).
    at.toISOString(),
    { changes: [{ key: clock, from: ['RUNNING'], set: { warnedFor: clock.deadlineAt } }] },
  );
  if (!warned) throw new Error(`case ${clock.subject} changed while its yellow warning was raised; retrying`);
  logger.info('yellow warning raised', { caseId: clock.subject, deadline: clock.deadline });
  metric('YellowWarnings');
  return { ...waitFor(clock.subject, new Date(clock.deadlineAt), MILESTONES.deadline), raised: 'YELLOW_WARNING' };
}

/** OVERDUE and still open at the supervision deadline: the red card, and the clock ends. */
async function redCard(clock: ClockRecord, at: Date): Promise<CheckpointOutput> {
  const caseId = clock.subject;
  if (!clock.escalatedAt) {
    const c = await getCase(caseId);
    if (!c) throw new Error(`CaseNotFound: ${caseId}`);
    const carded = await transitionCase(
      c,
      'OVERDUE',
      { redCardAt: toShanghaiIso(at) },
      {
        at: toShanghaiIso(at),
        type: 'RED_CARD',
        by: BY,
        note: `红牌：逾期后至督办期限 ${c.supervision?.deadlineDate ?? ''} 仍未办结 Red card: still open at the end of the supervision deadline`,
      },
      [],
      undefined,
      {
        changes: [
          {
            key: clock,
            from: ['OVERDUE'],
            set: { phase: 'ENDED', outcome: 'RED_CARD', escalatedAt: toShanghaiIso(at), endedAt: toShanghaiIso(at) },
          },
        ],
      },
    );
    // Red card vs a late decision at the same instant: both need the OVERDUE case at the head we read; whichever
    // DynamoDB applies first wins, and the loser re-reads (a decided case ends the clock as "DecidedLate").
    if (!carded) throw new Error(`case ${caseId} changed while its red card was raised; retrying`);
    logger.info('red card raised', { caseId, supervisionDeadline: c.supervision?.deadline });
    metric('RedCards');
  }
  await recordRedCard(caseId);
  return { caseId, action: CHECKPOINT_ACTIONS.redCard, raised: 'RED_CARD' };
}

/**
 * The red card's own accountability record (reason RED_CARD, beside the case's OVERDUE one; docs/supervision.md), once:
 * written after the card, and again by any retry of the checkpoint (a conditional PutItem makes the second a no-op),
 * so a crash between the card and the record leaves it to the retry.
 */
async function recordRedCard(caseId: string): Promise<void> {
  const c = await getCase(caseId);
  if (!c?.redCardAt) return;
  await recordOnce({
    caseId,
    reason: 'RED_CARD',
    departmentId: c.departmentId,
    itemCode: c.itemCode,
    handler: c.handler,
    leader: c.leader,
    at: c.redCardAt,
    deadline: c.supervision?.deadline ?? c.redCardAt,
    recordedBy: BY,
  });
}

function waitFor(caseId: string, milestone: Date, towards: Milestone): CheckpointOutput {
  const wakeAt = nextWake(milestone, now(), MAX_WAIT_DAYS);
  return { caseId, action: CHECKPOINT_ACTIONS.wait, nextCheckpoint: toUtcWaitTimestamp(wakeAt), towards };
}
