import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Evaluation } from '../../functions/http/responses.ts';
import type { EvaluationAnswer, EvaluationMetrics } from '../../web/src/charts/evaluation.ts';
import { monthOf, monthsOfYearThrough, previousMonth } from '../../web/src/charts/periods.ts';
import { departmentRankingOption, rankDepartments } from '../../web/src/charts/ranking.ts';
import { scorecardOption, scorecardRows } from '../../web/src/charts/scorecard.ts';
import { trendOption, trendRows } from '../../web/src/charts/trend.ts';
import { chartWords } from '../../web/src/charts/words.ts';

// The chart option builders the supervision dashboard and the public disclosure page share: pure functions of the
// evaluation answer (web/src/charts), so they are tested here without a browser.

// The pages' hand-written type of the answer must accept what the API's schema promises: renaming a field in
// functions/http/responses.ts without the pages breaks this line at compile time (tsc -p tsconfig.json).
type Served = z.infer<typeof Evaluation>;
const fits = (served: Served): EvaluationAnswer => served;
void fits;

const zh = chartWords('zh');
const en = chartWords('en');

function metrics(overrides: Partial<EvaluationMetrics> = {}): EvaluationMetrics {
  return {
    received: 0,
    accepted: 0,
    referred: 0,
    notices: 0,
    repeatedNotices: 0,
    closed: 0,
    closedOnTime: 0,
    closedEarly: 0,
    closedOnTheSpot: 0,
    workingDaysToClose: 0,
    promisedWorkingDays: 0,
    overdue: 0,
    deemedApprovals: 0,
    redCards: 0,
    yellowWarnings: 0,
    suspensions: 0,
    extensions: 0,
    withdrawn: 0,
    revoked: 0,
    onTimeRate: null,
    earlyRate: null,
    immediateShareOfCases: null,
    averageWorkingDays: null,
    speedUp: null,
    ...overrides,
  };
}

// The README's walkthrough scorecard (2026-09): the immediate share in percentage points, the others as shares.
const targets: EvaluationAnswer['targets'] = {
  immediateShare: {
    name: { zh: '即办件比例', en: 'immediate share of items' },
    definition: 'd1',
    unit: 'percentage points',
    baseline: 8.33,
    current: 25,
    target: 23.33,
    met: true,
  },
  shortenedItems: {
    name: { zh: '压缩承诺时限事项比例', en: 'items with a shorter promised limit' },
    definition: 'd2',
    unit: 'share',
    baseline: 0,
    current: 0.9091,
    target: 0.3333,
    met: true,
  },
  promisedTimeReduction: {
    name: { zh: '承诺时限压缩率', en: 'reduction of total promised time' },
    definition: 'd3',
    unit: 'share',
    baseline: 0,
    current: 0.4177,
    target: 0.3,
    met: true,
  },
  onlineDisclosure: {
    name: { zh: '办事指南网上公开率', en: 'service guides online' },
    definition: 'd4',
    unit: 'share',
    baseline: null,
    current: 0.9167,
    target: 1,
    met: null,
  },
};

function month(period: string, centre: Partial<EvaluationMetrics>, complete = true): EvaluationAnswer {
  return {
    period,
    kind: 'MONTH',
    name: { zh: period, en: period },
    from: `${period}-01`,
    to: `${period}-28`,
    complete,
    through: `${period}-28`,
    revision: 1,
    generatedAt: `${period}-28T01:00:00+08:00`,
    generatedBy: 'schedule:monthly-evaluation',
    trigger: { kind: 'SCHEDULE', schedule: 'monthly-evaluation', scheduledTime: `${period}-28T01:00:00+08:00` },
    definitionsVersion: 1,
    centre: metrics(centre),
    departments: [],
    items: [],
    targets,
    definitions: {},
    revisions: [],
  };
}

describe('the scorecard', () => {
  it('shows every target in percent: percentage points as they are, shares times 100; a missing figure stays missing', () => {
    const rows = scorecardRows(targets, zh);
    expect(rows.map((r) => [r.key, r.baseline, r.current, r.target, r.met])).toEqual([
      ['immediateShare', 8.33, 25, 23.33, true],
      ['shortenedItems', 0, 90.91, 33.33, true],
      ['promisedTimeReduction', 0, 41.77, 30, true],
      ['onlineDisclosure', null, 91.67, 100, null],
    ]);
    expect(rows[0]?.name).toBe('即办件比例');
    expect(scorecardRows(targets, en)[0]?.name).toBe('immediate share of items');
  });

  it('draws baseline, current and target as three bar series over the targets, named in the page’s language', () => {
    const option = scorecardOption(targets, en);
    const series = option.series as { name: string; type: string; data: (number | null)[] }[];
    expect(series.map((s) => s.name)).toEqual(['Baseline', 'Current', 'Target']);
    expect(series.every((s) => s.type === 'bar')).toBe(true);
    expect(series[1]?.data).toEqual([25, 90.91, 41.77, 91.67]);
    expect(series[0]?.data[3]).toBeNull();
    expect((option.yAxis as { data: string[] }).data).toHaveLength(4);
  });
});

describe('the monthly trend', () => {
  it('orders the months, gives the rates in percent and leaves a month with nothing closed without a rate', () => {
    const rows = trendRows([
      month('2026-10', { closed: 2, closedOnTime: 0, onTimeRate: 0, earlyRate: 0, deemedApprovals: 1, overdue: 1 }),
      month('2026-08', {}),
      month('2026-09', { closed: 3, onTimeRate: 1, earlyRate: 0.6667, immediateShareOfCases: 0.3333 }),
    ]);
    expect(rows.map((r) => r.period)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(rows[0]).toMatchObject({ onTimeRate: null, deemedApprovals: 0, overdue: 0 });
    expect(rows[1]).toMatchObject({ onTimeRate: 100, earlyRate: 66.67, immediateShareOfCases: 33.33 });
    expect(rows[2]).toMatchObject({ onTimeRate: 0, deemedApprovals: 1, overdue: 1 });
  });

  it('puts the rates on the percent axis as lines and the counts on the count axis as bars', () => {
    const option = trendOption([month('2026-09', { closed: 1, onTimeRate: 1, overdue: 2 })], zh);
    const series = option.series as { name: string; type: string; yAxisIndex: number; data: unknown[] }[];
    expect(series.map((s) => [s.name, s.type, s.yAxisIndex])).toEqual([
      ['按时办结率', 'line', 0],
      ['提前办结率', 'line', 0],
      ['即办件比例(件次)', 'line', 0],
      ['超时默认数', 'bar', 1],
      ['超时件数', 'bar', 1],
    ]);
    expect(series[0]?.data).toEqual([100]);
    expect(series[4]?.data).toEqual([2]);
  });
});

describe('the department rankings', () => {
  const departments = [
    { ...metrics({ closed: 4, onTimeRate: 0.75, speedUp: 0.5, averageWorkingDays: 2 }), departmentId: 'market' },
    { ...metrics({ closed: 2, onTimeRate: 1, speedUp: 0.2, averageWorkingDays: 4 }), departmentId: 'tax' },
    { ...metrics({ closed: 1, onTimeRate: 0.75, speedUp: -0.1, averageWorkingDays: 2 }), departmentId: 'health' },
    { ...metrics(), departmentId: 'quiet' },
  ].map((d) => ({
    ...d,
    name: d.departmentId === 'health' ? null : { zh: `${d.departmentId}局`, en: `${d.departmentId} bureau` },
    immediateShareOfItems: null,
  }));

  it('ranks the rates highest first, sharing a rank on a tie, and never ranks a department that closed nothing', () => {
    const ranking = rankDepartments(departments, 'onTimeRate', en);
    expect(ranking.ranked.map((r) => [r.rank, r.departmentId, r.value])).toEqual([
      [1, 'tax', 100],
      [2, 'health', 75],
      [2, 'market', 75],
    ]);
    expect(ranking.ranked[1]?.name).toBe('health (department no longer listed)');
    expect(ranking.unmeasured).toEqual([{ departmentId: 'quiet', name: 'quiet bureau' }]);
  });

  it('ranks the average working days lowest first, in days, and a negative speed-up last', () => {
    expect(rankDepartments(departments, 'averageWorkingDays', zh).ranked.map((r) => [r.rank, r.value])).toEqual([
      [1, 2],
      [1, 2],
      [3, 4],
    ]);
    expect(rankDepartments(departments, 'speedUp', zh).ranked.map((r) => [r.departmentId, r.value])).toEqual([
      ['market', 50],
      ['tax', 20],
      ['health', -10],
    ]);
    const option = departmentRankingOption(departments, 'averageWorkingDays', zh);
    expect((option.yAxis as { data: string[] }).data).toEqual(['health (已撤销的部门)', 'market局', 'tax局']);
    expect((option.series as { data: number[] }[])[0]?.data).toEqual([2, 2, 4]);
  });
});

describe('the months to ask for', () => {
  it('are China’s months: 16:30 UTC on 31 Dec is already January in Shanghai', () => {
    const lateNewYearsEve = Date.parse('2026-12-31T16:30:00Z');
    expect(monthOf(lateNewYearsEve)).toBe('2027-01');
    expect(monthsOfYearThrough(lateNewYearsEve)).toEqual(['2027-01']);
    expect(monthsOfYearThrough(Date.parse('2026-10-15T10:00:00+08:00'))).toHaveLength(10);
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });
});
