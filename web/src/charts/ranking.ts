import type { DepartmentFigures } from './evaluation.ts';
import { type ChartOptionOf, categoryLabel, palette, percent } from './option.ts';
import { type ChartWords, named } from './words.ts';

/** What departments are ranked by: the on-time rate and the speed-up (higher is better), the average days (lower). */
export type RankingMetric = 'onTimeRate' | 'speedUp' | 'averageWorkingDays';
export const rankingMetrics: readonly RankingMetric[] = ['onTimeRate', 'speedUp', 'averageWorkingDays'];

export interface RankedDepartment {
  /** 1 for the best; equal figures share a rank (1, 1, 3). */
  readonly rank: number;
  readonly departmentId: string;
  readonly name: string;
  /** In percent for the rates, in working days for the average. */
  readonly value: number;
  readonly closed: number;
}

export interface DepartmentRanking {
  readonly metric: RankingMetric;
  readonly ranked: RankedDepartment[];
  /** Departments that closed nothing (their figure is null: nothing measured), by name — never ranked last as 0. */
  readonly unmeasured: { readonly departmentId: string; readonly name: string }[];
}

function figureOf(d: DepartmentFigures, metric: RankingMetric): number | null {
  return metric === 'averageWorkingDays' ? d.averageWorkingDays : percent(d[metric]);
}

/** The departments best first by `metric`, ties by id so the order never changes between loads. */
export function rankDepartments(
  departments: readonly DepartmentFigures[],
  metric: RankingMetric,
  words: ChartWords,
): DepartmentRanking {
  const lowerIsBetter = metric === 'averageWorkingDays';
  const measured = departments
    .map((d) => ({ d, value: figureOf(d, metric) }))
    .filter((x): x is { d: DepartmentFigures; value: number } => x.value !== null)
    .sort((a, b) =>
      a.value === b.value
        ? a.d.departmentId.localeCompare(b.d.departmentId)
        : lowerIsBetter
          ? a.value - b.value
          : b.value - a.value,
    );
  const ranked: RankedDepartment[] = [];
  measured.forEach(({ d, value }, index) => {
    const previous = ranked[index - 1];
    ranked.push({
      rank: previous && previous.value === value ? previous.rank : index + 1,
      departmentId: d.departmentId,
      name: named(d.name, words, `${d.departmentId} ${words.unknownDepartment}`),
      value,
      closed: d.closed,
    });
  });
  const unmeasured = departments
    .filter((d) => figureOf(d, metric) === null)
    .map((d) => ({ departmentId: d.departmentId, name: named(d.name, words, d.departmentId) }));
  return { metric, ranked, unmeasured };
}

/** The ranking as horizontal bars, the best on top, each labelled with its figure. */
export function departmentRankingOption(
  departments: readonly DepartmentFigures[],
  metric: RankingMetric,
  words: ChartWords,
): ChartOptionOf {
  const { ranked } = rankDepartments(departments, metric, words);
  const unit = metric === 'averageWorkingDays' ? '' : '%';
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      name: metric === 'averageWorkingDays' ? words.workingDays : words.percent,
      axisLabel: { formatter: `{value}${unit}` },
    },
    yAxis: { type: 'category', inverse: true, data: ranked.map((r) => r.name), axisLabel: categoryLabel },
    series: [
      {
        type: 'bar',
        name: words[metric],
        itemStyle: { color: palette.ranking },
        label: { show: true, position: 'right', formatter: `{c}${unit}` },
        data: ranked.map((r) => r.value),
      },
    ],
  };
}
