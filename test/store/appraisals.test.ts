import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { startTestDynamo } from '../support/dynamo.ts';

/**
 * The appraisal's and the activity registry's writes against dynalite (docs/supervision.md): one rating per
 * representative per department per year decided by the key's condition (concurrent ratings: one wins), the
 * ballot kept as a digest, a year's ratings and a rater's own read back; an activity written once under its id and
 * found per enterprise, officer and department, newest first, a department filter within another index.
 */
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

const SCORES = { ATTITUDE: 4, EFFICIENCY: 4, LAWFULNESS: 4, INTEGRITY: 4, OPENNESS: 4 };

describe('appraisal ratings', () => {
  it('one rating per representative per department per year: of concurrent ones exactly one is written', async () => {
    const store = await import('../../functions/store/appraisals.ts');
    const rater = store.raterDigest('rep-store-1');
    const rating = (n: number) => ({
      year: '2026',
      ballot: store.ballotOf(rater, 'market'),
      rater,
      kind: 'CITIZEN' as const,
      departmentId: 'market',
      scores: { ...SCORES, ATTITUDE: n },
      at: '2026-12-02T10:00:00+08:00',
    });
    // Five requests of one representative at once: DynamoDB's condition on the key lets one through.
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => store.putRating(rating(n))));
    expect(results.filter(Boolean)).toHaveLength(1);
    // Another department, another year: their own ballots.
    expect(await store.putRating({ ...rating(3), ballot: store.ballotOf(rater, 'tax'), departmentId: 'tax' })).toBe(
      true,
    );
    expect(await store.putRating({ ...rating(3), year: '2027' })).toBe(true);
    const year = await store.ratingsOfYear(2026);
    expect(year.map((r) => r.departmentId).sort()).toEqual(['market', 'tax']);
    expect(JSON.stringify(year)).not.toContain('rep-store-1');
    expect(rater).toMatch(/^[0-9a-f]{64}$/);
    const other = store.raterDigest('rep-store-2');
    await store.putRating({ ...rating(5), rater: other, ballot: store.ballotOf(other, 'market') });
    expect((await store.ratingsOfRater(2026, 'rep-store-1')).map((r) => r.departmentId).sort()).toEqual([
      'market',
      'tax',
    ]);
    expect((await store.ratingsOfRater(2026, 'rep-store-2')).map((r) => r.departmentId)).toEqual(['market']);
  });
});

describe('official activities', () => {
  const activity = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    departmentId: 'market',
    registeredBy: 'officer-a',
    registeredRole: 'clerk',
    registeredAt: '2026-12-01T10:00:00+08:00',
    at: '2026-12-01T09:00:00+08:00',
    atUtc: '2026-12-01T01:00:00.000Z',
    purpose: 'visit',
    participants: ['a'],
    activityRegister: 'ACTIVITIES' as const,
    ...over,
  });

  it('is written once under its id, never over', async () => {
    const store = await import('../../functions/store/official-activities.ts');
    expect(await store.putActivity(activity('OA-STORE-1'))).toBe(true);
    expect(await store.putActivity(activity('OA-STORE-1', { purpose: 'changed' }))).toBe(false);
    expect((await store.getActivity('OA-STORE-1'))?.purpose).toBe('visit');
  });

  it('is found per enterprise, officer and department, newest first, with a department filter', async () => {
    const store = await import('../../functions/store/official-activities.ts');
    await store.putActivity(
      activity('OA-STORE-2', {
        enterpriseCode: '91210200MA0QDEM71U',
        enterpriseKey: 'ACME',
        enterprise: { name: 'acme', creditCode: '91210200MA0QDEM71U' },
        atUtc: '2026-12-02T01:00:00.000Z',
      }),
    );
    await store.putActivity(
      activity('OA-STORE-3', {
        departmentId: 'tax',
        registeredBy: 'officer-b',
        enterpriseKey: 'ACME',
        enterprise: { name: 'ACME' },
        atUtc: '2026-12-03T01:00:00.000Z',
      }),
    );
    const ids = async (f: Parameters<typeof store.activitiesPage>[0], departmentId?: string) => {
      const page = await store.activitiesPage(f, { limit: 10, ...(departmentId ? { departmentId } : {}) });
      if ('invalidCursor' in page) throw new Error('cursor');
      return page.items.map((a) => a.id);
    };
    expect(await ids({ enterpriseKey: 'ACME' })).toEqual(['OA-STORE-3', 'OA-STORE-2']);
    expect(await ids({ enterpriseKey: 'ACME' }, 'market')).toEqual(['OA-STORE-2']);
    expect(await ids({ creditCode: '91210200MA0QDEM71U' })).toEqual(['OA-STORE-2']);
    expect(await ids({ officer: 'officer-b' })).toEqual(['OA-STORE-3']);
    expect(await ids({ departmentId: 'market' })).toEqual(['OA-STORE-2', 'OA-STORE-1']);
    expect(await ids({ all: true })).toEqual(['OA-STORE-3', 'OA-STORE-2', 'OA-STORE-1']);
    // A cursor handed out for one enterprise does not open another's list.
    const first = await store.activitiesPage({ enterpriseKey: 'ACME' }, { limit: 1 });
    if ('invalidCursor' in first || !first.next) throw new Error('expected a next page');
    expect(await store.activitiesPage({ enterpriseKey: 'OTHER' }, { limit: 1, cursor: first.next })).toEqual({
      invalidCursor: true,
    });
  });
});
