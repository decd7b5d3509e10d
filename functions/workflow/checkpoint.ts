import middy from '@middy/core';
import { now } from '../common/clock.ts';
import { settleIfExpired } from '../common/expiry.ts';
import { logger } from '../common/logger.ts';
import { metric, observed } from '../common/observability.ts';
import { nextCheckpoint } from '../domain/case.ts';
import { supervisionDeadline, yellowFrom, yellowThreshold } from '../domain/lights.ts';
import { toShanghaiIso, toUtcWaitTimestamp } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type ClockedCase, clocked, getCase, transitionCase } from '../store/cases.ts';
import {
  CHECKPOINT_ACTIONS,
  type CheckpointOutput,
  MAX_WAIT_DAYS,
  MILESTONES,
  type Milestone,
} from './clock-contract.ts';
import { caseIdOf } from './input.ts';

const BY = 'system:approval-clock';

/**
 * The clock's checkpoint: re-reads the case, acts on the milestone that is due, and says what the clock does next —
 * wait again (until the next milestone, at most MAX_WAIT_DAYS ahead), or end. The milestones, each applied by a
 * conditional write so that a retry finishes a half-done step and never doubles it:
 *  - the yellow light: a YELLOW_WARNING event (the handler and the head are notified from the timeline);
 *  - the deadline: deemed consent (eligible; the clock ends) or OVERDUE with a supervision deadline (督办);
 *  - an overdue case's supervision deadline: still open → RED_CARD (the clock ends).
 */
export const handler = middy(async (event: unknown): Promise<CheckpointOutput> => {
  const caseId = caseIdOf(event);
  const found = await getCase(caseId);
  if (!found) throw new Error(`CaseNotFound: ${caseId}`);
  if (found.status === 'WITHDRAWN') return { caseId, action: CHECKPOINT_ACTIONS.withdrawn };
  if (found.status === 'SUSPENDED') {
    // Paused: no deadline runs. Resuming signals the decision branch and the race restarts with the new deadline;
    // until then look again at most every MAX_WAIT_DAYS.
    return waitFor(caseId, new Date(now().getTime() + MAX_WAIT_DAYS * 86_400_000), MILESTONES.paused);
  }
  const result = await settleIfExpired(found, BY);
  if (result.kind === 'DECIDED') return { caseId, action: CHECKPOINT_ACTIONS.decided };
  if (result.kind === 'NOT_DUE') return beforeDeadline(clocked(found));
  const c = clocked(result.record);
  if (c.decision) return { caseId, action: CHECKPOINT_ACTIONS.decided };
  if (c.expiry?.outcome === 'DEEMED_APPROVED' || c.status !== 'OVERDUE') {
    logger.info('approval clock ended at the deadline', { caseId, outcome: c.expiry?.outcome });
    return { caseId, action: CHECKPOINT_ACTIONS.deemedApproved };
  }
  return underSupervision(c, result.appliedNow);
}).use(observed());

/** ACCEPTED, deadline ahead: raise the yellow warning once its instant has come, then sleep towards the next one. */
async function beforeDeadline(c: ClockedCase): Promise<CheckpointOutput> {
  const at = now();
  const yellowAt = yellowFrom(
    await currentCalendar(),
    c.deadlineDate,
    yellowThreshold(c.workingDays, c.yellowWarningDays),
  );
  const deadlineAt = new Date(c.deadlineAt);
  const hasYellowStage = yellowAt.getTime() < deadlineAt.getTime();
  if (!hasYellowStage || c.yellowWarnedFor === c.deadlineAt) return waitFor(c.id, deadlineAt, MILESTONES.deadline);
  if (at.getTime() < yellowAt.getTime()) return waitFor(c.id, yellowAt, MILESTONES.yellow);
  const warned = await transitionCase(
    c,
    'ACCEPTED',
    { yellowWarnedFor: c.deadlineAt },
    {
      at: toShanghaiIso(at),
      type: 'YELLOW_WARNING',
      by: BY,
      note: `黄灯预警：距办结期限 ${c.deadlineDate} 不足 ${yellowThreshold(c.workingDays, c.yellowWarningDays)} 个工作日 Yellow light: the deadline (end of ${c.deadlineDate}) is near`,
    },
    [],
    // Yellow vs anything else at once (a decision, a pause, the deadline): the warning needs the case as read —
    // still ACCEPTED at the same timeline head — and the deadline still ahead, or it is not written (and the retry
    // below re-reads the case).
    at.toISOString(),
  );
  if (!warned) throw new Error(`case ${c.id} changed while its yellow warning was raised; retrying`);
  logger.info('yellow warning raised', { caseId: c.id, deadline: c.deadline });
  metric('YellowWarnings');
  return { ...waitFor(c.id, deadlineAt, MILESTONES.deadline), raised: 'YELLOW_WARNING' };
}

/** OVERDUE: wait for a late decision until the supervision deadline; still open then → red card, and the clock ends. */
async function underSupervision(c: ClockedCase, overdueNow: boolean): Promise<CheckpointOutput> {
  const at = now();
  const dueAt = new Date(c.supervision?.deadlineAt ?? supervisionDeadline(await currentCalendar(), c.deadlineDate).at);
  if (at.getTime() < dueAt.getTime()) {
    return {
      ...waitFor(c.id, dueAt, MILESTONES.supervisionDeadline),
      ...(overdueNow ? { raised: 'OVERDUE' as const } : {}),
    };
  }
  if (!c.redCardAt) {
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
    );
    // Red card vs a late decision at the same instant: both need the OVERDUE case at the head we read; whichever
    // DynamoDB applies first wins, and the loser re-reads (a decided case ends the clock as "DecidedLate").
    if (!carded) throw new Error(`case ${c.id} changed while its red card was raised; retrying`);
    logger.info('red card raised', { caseId: c.id, supervisionDeadline: c.supervision?.deadline });
    metric('RedCards');
  }
  return { caseId: c.id, action: CHECKPOINT_ACTIONS.redCard, raised: 'RED_CARD' };
}

function waitFor(caseId: string, milestone: Date, towards: Milestone): CheckpointOutput {
  const wakeAt = nextCheckpoint(milestone, now(), MAX_WAIT_DAYS);
  return { caseId, action: CHECKPOINT_ACTIONS.wait, nextCheckpoint: toUtcWaitTimestamp(wakeAt), towards };
}
