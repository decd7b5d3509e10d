import { describe, expect, it } from 'vitest';
import { AppraisalPolicyError, appraisalPolicyOf } from '../../functions/common/appraisal-policy.ts';
import {
  aggregate,
  appraisalWindow,
  defaultAppraisalPolicy,
  defaultCriteria,
  gradeOf,
  recordedKindOf,
  scoreProblems,
  summarise,
  weightedTotal,
  windowState,
} from '../../functions/domain/appraisal.ts';
import {
  enterpriseQueryOf,
  isCreditCodeShape,
  normalizeEnterpriseName,
} from '../../functions/domain/official-activity.ts';

const all = (n: number) => Object.fromEntries(defaultCriteria.map((c) => [c.code, n]));
const policy = defaultAppraisalPolicy;

describe('appraisal rules (docs/supervision.md)', () => {
  it('publishes five criteria whose weights sum to 100', () => {
    expect(defaultCriteria.map((c) => c.name.zh)).toEqual(['服务态度', '办事效率', '依法行政', '廉洁自律', '政务公开']);
    expect(defaultCriteria.reduce((a, c) => a + c.weight, 0)).toBe(100);
  });

  it('opens on 1 December and closes at the end of 31 January of the next year, by China-local date', () => {
    expect(appraisalWindow(2026, policy)).toEqual({ opens: '2026-12-01', closes: '2027-01-31' });
    expect(windowState(2026, policy, '2026-11-30')).toBe('NOT_OPEN');
    expect(windowState(2026, policy, '2026-12-01')).toBe('OPEN');
    expect(windowState(2026, policy, '2027-01-31')).toBe('OPEN');
    expect(windowState(2026, policy, '2027-02-01')).toBe('CLOSED');
    // A window within one year.
    expect(appraisalWindow(2026, { ...policy, opens: '11-15', closes: '12-31' })).toEqual({
      opens: '2026-11-15',
      closes: '2026-12-31',
    });
  });

  it('checks scores against the criteria and the 1–5 scale, naming each field', () => {
    expect(scoreProblems(all(5), defaultCriteria, 'body.scores')).toEqual([]);
    const { OPENNESS: _o, ...missing } = all(3);
    expect(scoreProblems({ ...missing, EXTRA: 3, ATTITUDE: 0 }, defaultCriteria, 'body.scores')).toEqual([
      { field: 'body.scores.EXTRA', reason: expect.stringContaining('not a published criterion') },
      { field: 'body.scores.ATTITUDE', reason: '须为 1 至 5 的整数 must be a whole number from 1 to 5' },
      { field: 'body.scores.OPENNESS', reason: '必填：1 至 5 分 required: a score from 1 to 5' },
    ]);
    expect(scoreProblems({ ...all(3), ATTITUDE: 2.5 }, defaultCriteria, 'x')[0]?.field).toBe('x.ATTITUDE');
  });

  it('weights the averages to 0–100 and grades 满意 from 80, 基本满意 from 60', () => {
    expect(weightedTotal(all(5), defaultCriteria)).toBe(100);
    expect(weightedTotal(all(4), defaultCriteria)).toBe(80);
    expect(weightedTotal(all(3), defaultCriteria)).toBe(60);
    // Weights matter: 5 on efficiency (25) and 1 elsewhere.
    expect(weightedTotal({ ...all(1), EFFICIENCY: 5 }, defaultCriteria)).toBe(40);
    expect([gradeOf(80), gradeOf(79.99), gradeOf(60), gradeOf(59.99)]).toEqual([
      'SATISFIED',
      'BASICALLY_SATISFIED',
      'BASICALLY_SATISFIED',
      'DISSATISFIED',
    ]);
  });

  it('shows scores only from the minimum number of ratings (small-n privacy)', () => {
    expect(aggregate([all(5), all(5)], policy)).toEqual({
      ratings: 2,
      shown: false,
      averages: null,
      weightedTotal: null,
      grade: null,
    });
    const shown = aggregate([all(5), all(4), all(4)], policy);
    expect(shown).toMatchObject({ ratings: 3, shown: true, weightedTotal: 86.67, grade: 'SATISFIED' });
    expect(shown.averages?.ATTITUDE).toBe(4.33);
    expect(aggregate([], { ...policy, minRatings: 1 }).shown).toBe(false);
  });

  it('summarises every department, ranks by the weighted total (ties share a rank), the leader apart', () => {
    const r = (departmentId: string, n: number, leader?: number) => ({
      departmentId,
      kind: 'CITIZEN' as const,
      scores: all(n),
      ...(leader ? { leaderScores: all(leader) } : {}),
    });
    const rows = summarise(
      [r('a', 4), r('a', 4), r('a', 4, 5), r('b', 5), r('b', 5), r('b', 5), r('c', 4), r('c', 4), r('c', 4), r('d', 5)],
      ['a', 'b', 'c', 'd', 'e'],
      policy,
    );
    expect(rows.map((x) => [x.departmentId, x.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', null],
      ['e', null],
    ]);
    const a = rows.find((x) => x.departmentId === 'a');
    expect(a?.leader).toMatchObject({ ratings: 1, shown: false });
    expect(a?.byKind).toEqual({ CITIZEN: 3 });
    expect(rows.find((x) => x.departmentId === 'e')?.department.ratings).toBe(0);
  });

  it('records a representative’s kind from the token, UNSPECIFIED when absent or unknown', () => {
    expect(recordedKindOf('NPC_DEPUTY')).toBe('NPC_DEPUTY');
    expect(recordedKindOf(undefined)).toBe('UNSPECIFIED');
    expect(recordedKindOf('MAYOR')).toBe('UNSPECIFIED');
  });

  it('reads the deployment setting: fields replace defaults; weights must sum to 100; unknown fields refused', () => {
    expect(appraisalPolicyOf(undefined)).toBe(defaultAppraisalPolicy);
    expect(appraisalPolicyOf('{"minRatings":5}').minRatings).toBe(5);
    expect(() => appraisalPolicyOf({ criteria: [{ ...defaultCriteria[0], weight: 50 }] })).toThrow(
      /criteria: the weights must sum to 100/,
    );
    expect(() => appraisalPolicyOf({ minRating: 5 })).toThrow(AppraisalPolicyError);
    expect(() => appraisalPolicyOf({ opens: '13-01' })).toThrow(/opens: must be a month-day/);
    expect(() => appraisalPolicyOf('not json')).toThrow(/not JSON/);
  });
});

describe('official activity rules', () => {
  it('checks only the shape of a unified social credit code (the check character is the inspections’)', () => {
    expect(isCreditCodeShape('91210200MA0QDEM71U')).toBe(true);
    // Shape only: a wrong check character still has the shape.
    expect(isCreditCodeShape('91210200MA0QDEM71A')).toBe(true);
    expect(isCreditCodeShape('91210200MA0QDEMO1X')).toBe(false); // O is not used
    expect(isCreditCodeShape('9121020')).toBe(false);
  });

  it('matches enterprise names normalised: width, spaces and case aside', () => {
    expect(normalizeEnterpriseName(' 某某科技（苏州） 有限公司 ')).toBe(
      normalizeEnterpriseName('某某科技(苏州)有限公司'),
    );
    expect(normalizeEnterpriseName('Acme Ltd')).toBe('ACMELTD');
    expect(enterpriseQueryOf('91210200ma0qdem71u')).toEqual({ creditCode: '91210200MA0QDEM71U' });
    expect(enterpriseQueryOf('Acme')).toEqual({ name: 'ACME' });
  });
});
