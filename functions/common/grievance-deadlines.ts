import { type Duty, isDue, policyOf, supervisionDeadlineOf } from '../domain/duty.ts';
import { type GrievanceStage, type GrievanceStatus, grievanceStageNames } from '../domain/grievance.ts';
import { endOfShanghaiDay, toShanghaiIso } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type ClockKey, type ClockRecord, clockEnds, closeClock } from '../store/clocks.ts';
import { type GrievanceRecord, getGrievance, writeGrievance } from '../store/grievances.ts';
import { now } from './clock.ts';
import type { Settlement } from './deadlines.ts';
import { logger } from './logger.ts';

/**
 * Each overdue-able grievance duty: the stage it times, the status it is owed in, the deadline attribute it reads,
 * and for a review the round it belongs to (the review and the re-review share the status and `reviewBy`).
 */
const STAGES: Readonly<
  Partial<
    Record<Duty, { stage: GrievanceStage; status: GrievanceStatus; attribute: keyof GrievanceRecord; round?: 1 | 2 }>
  >
> = {
  GRIEVANCE_ACCEPT: { stage: 'ACCEPT', status: 'RECEIVED', attribute: 'acceptBy' },
  GRIEVANCE_HANDLE: { stage: 'HANDLE', status: 'ACCEPTED', attribute: 'handleBy' },
  GRIEVANCE_REVIEW: { stage: 'REVIEW', status: 'UNDER_REVIEW', attribute: 'reviewBy', round: 1 },
  GRIEVANCE_REREVIEW: { stage: 'REREVIEW', status: 'UNDER_REVIEW', attribute: 'reviewBy', round: 2 },
};

/** The period to ask for the next review: the review's (no review yet) and the re-review's (after the review). */
const WINDOWS: Readonly<Partial<Record<Duty, number>>> = {
  GRIEVANCE_REVIEW_WINDOW: 0,
  GRIEVANCE_REREVIEW_WINDOW: 1,
};

const MAX_ATTEMPTS = 3;

/**
 * A grievance stage's consequence at its deadline (the policy's `atDeadline`): OVERDUE under supervision for the
 * accept, handle and review stages; CLOSED when the review window ran out with no request. Idempotent: the clock's
 * checkpoint, its retries and the reconciler may all call it; the grievance's status and head decide who writes.
 */
export async function settleGrievance(clock: ClockRecord, by: string, attempt = 1): Promise<Settlement> {
  const key: ClockKey = { subject: clock.subject, duty: clock.duty };
  const found = await getGrievance(clock.subject);
  if (!found) throw new Error(`GrievanceNotFound: ${clock.subject}`);
  const at = now();
  const window = WINDOWS[clock.duty];
  if (window !== undefined) {
    const inRound = (found.reviewRound ?? 0) === window;
    if (found.status === 'CLOSED' && inRound) {
      await closeClock(key);
      return { kind: 'SETTLED', outcome: 'CLOSED', appliedNow: false, recordedNow: false };
    }
    // Another round's window (the grievance moved on): nothing is owed on this one.
    if (found.status !== 'ANSWERED' || !inRound) {
      await closeClock(key);
      return { kind: 'OTHERWISE' };
    }
    if (!found.reviewWindowBy || !isDue(new Date(found.reviewWindowBy.deadlineAt), at)) return { kind: 'NOT_DUE' };
    const when = toShanghaiIso(at);
    const closed = await writeGrievance(
      found,
      {
        at: when,
        type: 'GRIEVANCE_CLOSED',
        by,
        note:
          window === 0
            ? '复查申请期限届满 The review period ended with no request'
            : '复核申请期限届满 The re-review period ended with no request',
      },
      {},
      { changes: [clockEnds(key, ['RUNNING'], 'CLOSED', when)] },
      // Close vs a review request at the window's last instant: both need ANSWERED at the head; the close needs the
      // window passed, the request (review-request handler) needs it ahead, so at most one can apply.
      { attribute: 'reviewWindowBy', passedBy: at.toISOString() },
    );
    if (!closed) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`grievance ${found.id}: close lost ${MAX_ATTEMPTS} races`);
      return settleGrievance(clock, by, attempt + 1);
    }
    logger.info('grievance closed', { grievanceId: found.id, by });
    return { kind: 'SETTLED', outcome: 'CLOSED', appliedNow: true, recordedNow: false };
  }
  const stage = STAGES[clock.duty];
  if (!stage) throw new Error(`not a grievance duty: ${clock.duty}`);
  if (found.status === 'OVERDUE' && found.overdueStage === stage.stage) {
    // Our own earlier write (or another settler's): nothing more is owed to the index.
    await closeClock(key);
    return { kind: 'SETTLED', outcome: 'OVERDUE', appliedNow: false, recordedNow: false };
  }
  if (found.status !== stage.status || (stage.round !== undefined && found.reviewRound !== stage.round)) {
    await closeClock(key);
    return { kind: 'OTHERWISE' };
  }
  const deadline = found[stage.attribute] as { deadlineDate: string; deadlineAt: string } | undefined;
  if (!deadline || !isDue(new Date(deadline.deadlineAt), at)) return { kind: 'NOT_DUE' };
  const policy = policyOf(clock.duty);
  const supervision = supervisionDeadlineOf(policy, await currentCalendar(), deadline.deadlineDate);
  if (!supervision) throw new Error(`${clock.duty} has no supervision`);
  const when = toShanghaiIso(at);
  const supervised = {
    since: when,
    deadlineDate: supervision.date,
    deadline: toShanghaiIso(endOfShanghaiDay(supervision.date)),
    deadlineAt: supervision.at.toISOString(),
  };
  const written = await writeGrievance(
    found,
    {
      at: when,
      type: 'GRIEVANCE_OVERDUE',
      by,
      note: `${grievanceStageNames[stage.stage].zh}逾期，移送督办 Overdue (${grievanceStageNames[stage.stage].en}): under supervision until ${supervision.date}`,
    },
    { overdueStage: stage.stage, supervision: supervised },
    {
      changes: [
        {
          key,
          from: ['RUNNING'],
          set: {
            phase: 'OVERDUE',
            supervision: {
              deadlineDate: supervised.deadlineDate,
              deadline: supervised.deadline,
              deadlineAt: supervised.deadlineAt,
            },
          },
        },
      ],
    },
    // Overdue vs the stage done at the last instant: both move the status at the head read; this one only once
    // the deadline passed, so a clock that woke early writes nothing.
    { attribute: stage.attribute, passedBy: at.toISOString() },
  );
  if (!written) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`grievance ${found.id}: overdue lost ${MAX_ATTEMPTS} races`);
    return settleGrievance(clock, by, attempt + 1);
  }
  logger.info('grievance overdue', { grievanceId: found.id, stage: stage.stage, by });
  await closeClock(key);
  return { kind: 'SETTLED', outcome: 'OVERDUE', appliedNow: true, recordedNow: false };
}

/**
 * Supervision's deadline passed with the stage still owed: the red card (红牌), once. The grievance stays OVERDUE
 * with `redCardAt`; its clock ends. @returns whether this call raised it.
 */
export async function redCardGrievance(clock: ClockRecord, by: string): Promise<boolean> {
  const found = await getGrievance(clock.subject);
  if (found?.status !== 'OVERDUE' || found.redCardAt) return false;
  const at = toShanghaiIso(now());
  const key: ClockKey = { subject: clock.subject, duty: clock.duty };
  // Red card vs a late acceptance or answer: both need OVERDUE at the head read; the loser re-reads (a late
  // answer after the red card is still written, the card stays on record).
  const written = await writeGrievance(
    found,
    { at, type: 'GRIEVANCE_RED_CARD', by, note: '督办期限届满仍未办理 Still not done at the supervision deadline' },
    { redCardAt: at },
    {
      changes: [
        {
          ...clockEnds(key, ['OVERDUE'], 'RED_CARD', at),
          set: { ...clockEnds(key, ['OVERDUE'], 'RED_CARD', at).set, escalatedAt: at },
        },
      ],
    },
  );
  return written !== undefined;
}
