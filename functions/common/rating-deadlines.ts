import { isDue, policyOf, supervisionDeadlineOf } from '../domain/duty.ts';
import { rectificationStatusOf, type StageOverdue } from '../domain/rating.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type ClockKey, type ClockRecord, clockChanged, closeClock } from '../store/clocks.ts';
import { getRating, type RatingRecord, type Rectification, ratingIdOf, writeRating } from '../store/ratings.ts';
import { now } from './clock.ts';
import type { Settlement } from './deadlines.ts';
import { logger } from './logger.ts';
import { metric } from './observability.ts';

/** A stale read costs one re-read; more means contention (fail loudly, the caller retries). */
const MAX_ATTEMPTS = 3;

type Stage = 'contact' | 'rectify';

function stageOf(clock: { readonly duty: string }): Stage {
  return clock.duty === 'RATING_CONTACT' ? 'contact' : 'rectify';
}

function done(r: RatingRecord, stage: Stage): boolean {
  if (r.excluded) return true;
  return stage === 'contact' ? r.rectification?.contactedAt !== undefined : r.rectification?.rectifiedAt !== undefined;
}

function overdueOf(r: Rectification, stage: Stage): StageOverdue | undefined {
  return stage === 'contact' ? r.contactOverdue : r.rectifyOverdue;
}

/** The rating with the stage's overdue facts replaced, and its status derived again. */
export function withRectification(r: RatingRecord, rectification: Rectification): Partial<RatingRecord> {
  return { rectification, status: rectificationStatusOf(rectification, r) };
}

async function ratingOf(clock: ClockKey): Promise<RatingRecord> {
  const found = await getRating(ratingIdOf(clock.subject));
  if (!found?.rectification) throw new Error(`RatingNotFound: no bad review of case ${clock.subject}`);
  return found;
}

/**
 * The consequence of a rating clock's deadline (policy `OVERDUE`): the stage still undone → the rectification is
 * OVERDUE, under supervision with its deadline, and the clock `RUNNING → OVERDUE` with the same deadline, in one
 * transaction. Idempotent: the checkpoint, its retries and the reconciler all call it.
 */
export async function settleRatingStage(clock: ClockRecord, by: string, attempt = 1): Promise<Settlement> {
  const key: ClockKey = { subject: clock.subject, duty: clock.duty };
  const stage = stageOf(clock);
  const rating = await ratingOf(key);
  const rectification = rating.rectification as Rectification;
  if (done(rating, stage)) {
    // Done (or excluded) first: the write that did it ended this clock; only the index marker may be left.
    await closeClock(key);
    return { kind: 'OTHERWISE' };
  }
  if (overdueOf(rectification, stage)) {
    await closeClock(key);
    return { kind: 'SETTLED', outcome: 'OVERDUE', appliedNow: false, recordedNow: false };
  }
  const at = now();
  if (!isDue(new Date(clock.deadlineAt), at)) return { kind: 'NOT_DUE' };
  const supervision = supervisionDeadlineOf(policyOf(clock.duty), await currentCalendar(), clock.deadlineDate);
  if (!supervision) throw new Error(`${clock.duty} has no supervision in its policy`);
  const atIso = toShanghaiIso(at);
  const overdue: StageOverdue = {
    at: atIso,
    supervisionDeadline: toShanghaiIso(supervision.at),
    supervisionDeadlineDate: supervision.date,
  };
  const next: Rectification =
    stage === 'contact' ? { ...rectification, contactOverdue: overdue } : { ...rectification, rectifyOverdue: overdue };
  const written = await writeRating(
    rating,
    withRectification(rating, next),
    {
      at: atIso,
      type: stage === 'contact' ? 'RATING_CONTACT_OVERDUE' : 'RATING_RECTIFY_OVERDUE',
      by,
      note:
        stage === 'contact'
          ? `未在 ${rectification.contactByDate} 前回访 Not contacted by the end of ${rectification.contactByDate}`
          : `未在 ${rectification.rectifyByDate} 前反馈整改 No rectification reported by the end of ${rectification.rectifyByDate}`,
    },
    [
      clockChanged(
        {
          key,
          from: ['RUNNING'],
          set: {
            phase: 'OVERDUE',
            supervision: {
              deadlineDate: supervision.date,
              deadline: overdue.supervisionDeadline,
              deadlineAt: supervision.at.toISOString(),
            },
          },
          // Nothing more is owed at the deadline (no accountability record for a rating): off the reconciler's index.
          remove: ['clockPending', 'clockStartPending'],
        },
        atIso,
      ),
    ],
  );
  if (!written) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`rating of ${clock.subject}: overdue lost ${MAX_ATTEMPTS} races`);
    return settleRatingStage(clock, by, attempt + 1);
  }
  logger.info('rating stage overdue', { caseId: clock.subject, duty: clock.duty, by });
  metric('OverdueRectifications');
  return { kind: 'SETTLED', outcome: 'OVERDUE', appliedNow: true, recordedNow: false };
}

/**
 * Supervision's deadline passed with the stage still undone: escalated (上报上级) — the rating's event and the clock
 * `OVERDUE → ENDED` with `escalatedAt`, in one transaction. @returns false when the stage was done meanwhile.
 */
export async function escalateRatingStage(clock: ClockRecord, by: string, attempt = 1): Promise<boolean> {
  const key: ClockKey = { subject: clock.subject, duty: clock.duty };
  const stage = stageOf(clock);
  const rating = await ratingOf(key);
  const rectification = rating.rectification as Rectification;
  const overdue = overdueOf(rectification, stage);
  if (done(rating, stage) || !overdue || overdue.escalatedAt) return false;
  const atIso = toShanghaiIso(now());
  const escalated = { ...overdue, escalatedAt: atIso };
  const next: Rectification =
    stage === 'contact'
      ? { ...rectification, contactOverdue: escalated }
      : { ...rectification, rectifyOverdue: escalated };
  const written = await writeRating(
    rating,
    withRectification(rating, next),
    { at: atIso, type: 'RATING_ESCALATED', by, note: `${clock.duty} 督办期限届满 supervision deadline passed` },
    [
      clockChanged(
        { key, from: ['OVERDUE'], set: { phase: 'ENDED', outcome: 'ESCALATED', endedAt: atIso, escalatedAt: atIso } },
        atIso,
      ),
    ],
  );
  if (!written) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`rating of ${clock.subject}: escalation lost ${MAX_ATTEMPTS} races`);
    return escalateRatingStage(clock, by, attempt + 1);
  }
  return true;
}
