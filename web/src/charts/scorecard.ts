import type { BarSeriesOption } from 'echarts/charts';
import type { EvaluationTarget, TargetName } from './evaluation.ts';
import { targetNames } from './evaluation.ts';
import { type ChartOptionOf, categoryLabel, palette, percent, round2 } from './option.ts';
import { type ChartWords, named } from './words.ts';

/** One campaign target as the chart and its table show it: every figure in percent, whatever the API's unit. */
export interface ScorecardRow {
  readonly key: TargetName;
  readonly name: string;
  /** `percentage points`: the target is the baseline plus points; `share`: a share shown in percent. */
  readonly unit: EvaluationTarget['unit'];
  readonly baseline: number | null;
  readonly current: number | null;
  readonly target: number | null;
  readonly met: boolean | null;
  readonly definition: string;
  readonly note?: string;
}

/** A figure of a target in percent: `percentage points` targets are already percentages, shares are 0–1. */
export function targetPercent(value: number | null, unit: EvaluationTarget['unit']): number | null {
  if (value === null) return null;
  return unit === 'share' ? percent(value) : round2(value);
}

/** The scorecard's rows in the campaign's order (the targets the answer has). */
export function scorecardRows(
  targets: Partial<Readonly<Record<TargetName, EvaluationTarget>>>,
  words: ChartWords,
): ScorecardRow[] {
  return targetNames.flatMap((key) => {
    const t = targets[key];
    if (!t) return [];
    return [
      {
        key,
        name: named(t.name, words, key),
        unit: t.unit,
        baseline: targetPercent(t.baseline, t.unit),
        current: targetPercent(t.current, t.unit),
        target: targetPercent(t.target, t.unit),
        met: t.met,
        definition: t.definition,
        ...(t.note ? { note: t.note } : {}),
      },
    ];
  });
}

/**
 * Each target's baseline, current figure and target, side by side in percent (horizontal bars: the targets' names
 * are long and must stay readable at 360 px). A figure not measured yet (null) has no bar; the table says so.
 */
export function scorecardOption(
  targets: Partial<Readonly<Record<TargetName, EvaluationTarget>>>,
  words: ChartWords,
): ChartOptionOf {
  const rows = scorecardRows(targets, words);
  const series = (['baseline', 'current', 'target'] as const).map(
    (figure): BarSeriesOption => ({
      type: 'bar',
      name: words[figure],
      itemStyle: { color: palette[figure] },
      label: { show: true, position: 'right', formatter: '{c}%' },
      data: rows.map((row) => row[figure]),
    }),
  );
  return {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v}%` : '—') },
    legend: { top: 0 },
    grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((row) => row.name), axisLabel: categoryLabel },
    series,
  };
}
