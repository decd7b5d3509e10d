import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkingCalendar } from '../../functions/domain/calendar.ts';
import { verifyChain } from '../../functions/domain/timeline.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { storedCase } from '../support/cases.ts';
import { startTestDynamo } from '../support/dynamo.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
  // No execution is started here: the reconciler's start repairs are not what these tests look at.
  process.env.STEPFUNCTIONS_ENDPOINT = 'http://127.0.0.1:9';
});
afterAll(async () => {
  await dynamo?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

// Imported after the environment is set (the store reads table names from it).
const modules = async () => ({
  ratings: await import('../../functions/store/ratings.ts'),
  start: await import('../../functions/common/ratings.ts'),
  deadlines: await import('../../functions/common/deadlines.ts'),
  clocks: await import('../../functions/store/clocks.ts'),
  reconcile: await import('../../functions/schedule/reconcile.ts'),
  stages: await import('../../functions/common/rating-deadlines.ts'),
});

const calendar = new WorkingCalendar();
/** Rated Tuesday 2026-09-29 15:00: contact due by the end of 9-30 (16:00Z), the report by the end of 10-26. */
const RATED_AT = new Date('2026-09-29T15:00:00+08:00');
const CONTACT_DUE = new Date('2026-09-30T16:00:00.000Z');

const rectificationOf = (r: { rectification?: import('../../functions/store/ratings.ts').Rectification }) => {
  if (!r.rectification) throw new Error('not a bad review');
  return r.rectification;
};

let counter = 0;
async function badReview() {
  const { ratings, start } = await modules();
  counter++;
  const id = `XN20260929-RATE${String(counter).padStart(22, '0')}`;
  const c = storedCase(id, 'ACCEPTED', { status: 'APPROVED', applicantSub: 'applicant-1' });
  const made = start.ratingOfCase(c, { level: 1, comment: 'rude' }, 'applicant-1', RATED_AT, calendar);
  expect(await ratings.createRating(made.rating, made.clocks)).toBe(true);
  return { caseId: id, ...made };
}

describe('a rating and its clocks, written together', () => {
  it('is made once per case: a second rating of the same case writes nothing, not even a clock', async () => {
    const { ratings, start, clocks } = await modules();
    const first = await badReview();
    const c = storedCase(first.caseId, 'ACCEPTED', { status: 'APPROVED' });
    const again = start.ratingOfCase(c, { level: 5 }, 'applicant-1', new Date(), calendar);
    expect(await ratings.createRating(again.rating, [])).toBe(false);
    expect((await ratings.getRating(first.rating.id))?.level).toBe(1);
    const held = await clocks.clocksOf(first.caseId);
    expect(held.map((k) => [k.duty, k.phase, k.deadlineDate]).sort()).toEqual([
      ['RATING_CONTACT', 'RUNNING', '2026-09-30'],
      ['RATING_RECTIFY', 'RUNNING', '2026-10-26'],
    ]);
  });

  it('turns the contact OVERDUE at its deadline, once, with supervision, whoever settles it', async () => {
    const { ratings, deadlines, clocks } = await modules();
    const { caseId, rating } = await badReview();
    const clock = await clocks.getClock({ subject: caseId, duty: 'RATING_CONTACT' });
    if (!clock) throw new Error('no clock');

    vi.useFakeTimers({ now: new Date(CONTACT_DUE.getTime() - 1), toFake: ['Date'] });
    expect((await deadlines.settleDue(clock, 'test')).kind).toBe('NOT_DUE');

    vi.setSystemTime(CONTACT_DUE);
    // The clock and the reconciler at the same instant: the rating's head decides, one writes the overdue.
    const both = await Promise.all([deadlines.settleDue(clock, 'clock'), deadlines.settleDue(clock, 'reconciler')]);
    expect(both.map((s) => s.kind)).toEqual(['SETTLED', 'SETTLED']);
    expect(both.filter((s) => s.kind === 'SETTLED' && s.appliedNow)).toHaveLength(1);

    const after = await ratings.getRating(rating.id);
    expect(after?.status).toBe('OVERDUE');
    expect(after?.rectification?.contactOverdue?.supervisionDeadlineDate).toBe('2026-10-09');
    expect(after?.timeline.map((e) => e.type)).toEqual(['RATED', 'RATING_CONTACT_OVERDUE']);
    expect(verifyChain(rating.id, after?.timeline ?? [], after?.timelineHead).valid).toBe(true);
    const overdue = await clocks.getClock({ subject: caseId, duty: 'RATING_CONTACT' });
    expect(overdue).toMatchObject({ phase: 'OVERDUE', supervision: { deadlineDate: '2026-10-09' } });
    expect(overdue?.clockPending).toBeUndefined();
  });

  it('refuses a write from a stale head: a contact read before the overdue is not applied over it', async () => {
    const { ratings, deadlines, clocks } = await modules();
    const { caseId, rating } = await badReview();
    const clock = await clocks.getClock({ subject: caseId, duty: 'RATING_CONTACT' });
    if (!clock) throw new Error('no clock');
    vi.useFakeTimers({ now: CONTACT_DUE, toFake: ['Date'] });
    await deadlines.settleDue(clock, 'clock');
    const stale = await ratings.writeRating(
      rating,
      { rectification: { ...rectificationOf(rating), contactedAt: '2026-09-30T10:00:00+08:00' } },
      { at: '2026-09-30T10:00:00+08:00', type: 'RATING_CONTACTED', by: 'clerk-1' },
    );
    expect(stale).toBeUndefined();
    expect((await ratings.getRating(rating.id))?.rectification?.contactedAt).toBeUndefined();
  });

  it('leaves a contact made in time alone at the deadline (OTHERWISE), and the clock off the index', async () => {
    const { ratings, deadlines, clocks } = await modules();
    const { caseId, rating } = await badReview();
    const key = { subject: caseId, duty: 'RATING_CONTACT' as const };
    const at = '2026-09-30T09:00:00+08:00';
    const written = await ratings.writeRating(
      rating,
      { rectification: { ...rectificationOf(rating), contactedAt: at }, status: 'CONTACTED' },
      { at, type: 'RATING_CONTACTED', by: 'clerk-1' },
      [clocks.clockChanged(clocks.clockEnds(key, ['RUNNING'], 'CONTACTED', at), at)],
    );
    expect(written?.status).toBe('CONTACTED');
    vi.useFakeTimers({ now: CONTACT_DUE, toFake: ['Date'] });
    const clock = await clocks.getClock(key);
    expect(clock?.phase).toBe('ENDED');
    expect((await deadlines.settleDue(clock as never, 'clock')).kind).toBe('OTHERWISE');
    expect((await ratings.getRating(rating.id))?.status).toBe('CONTACTED');
  });
});

describe("escalation at supervision's deadline", () => {
  it('escalates an overdue contact still undone, once, and ends its clock', async () => {
    const { ratings, deadlines, clocks, stages } = await modules();
    const { caseId, rating } = await badReview();
    const key = { subject: caseId, duty: 'RATING_CONTACT' as const };
    vi.useFakeTimers({ now: CONTACT_DUE, toFake: ['Date'] });
    await deadlines.settleDue((await clocks.getClock(key)) as never, 'clock');
    const overdue = await clocks.getClock(key);
    if (!overdue) throw new Error('no clock');

    // Supervision's deadline: the end of 10-09 (2 working days after 9-30, over National Day).
    vi.setSystemTime(new Date('2026-10-09T16:00:00.000Z'));
    const both = await Promise.all([
      stages.escalateRatingStage(overdue, 'clock'),
      stages.escalateRatingStage(overdue, 'retry'),
    ]);

    expect(both.filter(Boolean)).toHaveLength(1);
    const after = await ratings.getRating(rating.id);
    expect(after?.timeline.map((e) => e.type)).toEqual(['RATED', 'RATING_CONTACT_OVERDUE', 'RATING_ESCALATED']);
    expect(after?.rectification?.contactOverdue?.escalatedAt).toBeDefined();
    expect(await clocks.getClock(key)).toMatchObject({ phase: 'ENDED', outcome: 'ESCALATED' });
  });
});

describe('the reconciler', () => {
  it("repairs a rating clock's missed deadline: the contact goes overdue an hour after the clock missed it", async () => {
    const { ratings, reconcile, clocks } = await modules();
    const { caseId, rating } = await badReview();
    vi.useFakeTimers({ now: new Date(CONTACT_DUE.getTime() + 3600_000), toFake: ['Date'] });

    const report = await reconcile.handler({}, lambdaContext('reconcile', 300_000) as never);

    expect(report.expiriesRepaired).toBeGreaterThanOrEqual(1);
    expect((await ratings.getRating(rating.id))?.status).toBe('OVERDUE');
    expect((await clocks.getClock({ subject: caseId, duty: 'RATING_CONTACT' }))?.phase).toBe('OVERDUE');
    // The rectification's clock is not due yet: untouched.
    expect((await clocks.getClock({ subject: caseId, duty: 'RATING_RECTIFY' }))?.phase).toBe('RUNNING');
  });
});
