import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { EvaluationAnswer } from './evaluation.ts';
import { type ChartOptionOf, palette, percent } from './option.ts';
import type { ChartWords } from './words.ts';

/** One evaluated month of the trend: the centre's rates in percent and its counts. */
export interface TrendRow {
  readonly period: string;
  /** False for the month so far. */
  readonly complete: boolean;
  readonly through: string;
  readonly closed: number;
  readonly onTimeRate: number | null;
  readonly earlyRate: number | null;
  readonly immediateShareOfCases: number | null;
  readonly deemedApprovals: number;
  readonly overdue: number;
  /** Complaints and satisfaction reviews (percent; null over nothing or before the figures existed). */
  readonly complaintsAnsweredOnTime: number | null;
  readonly complaintOnTimeRate: number | null;
  readonly satisfactionRate: number | null;
  readonly badReviewsRectifiedOnTime: number | null;
  readonly badReviewsRectifiedOnTimeRate: number | null;
}

/** The months in order, whatever order they were loaded in (a month not evaluated is simply absent). */
export function trendRows(months: readonly EvaluationAnswer[]): TrendRow[] {
  return [...months]
    .sort((a, b) => a.period.localeCompare(b.period))
    .map((m) => ({
      period: m.period,
      complete: m.complete,
      through: m.through,
      closed: m.centre.closed,
      onTimeRate: percent(m.centre.onTimeRate),
      earlyRate: percent(m.centre.earlyRate),
      immediateShareOfCases: percent(m.centre.immediateShareOfCases),
      deemedApprovals: m.centre.deemedApprovals,
      overdue: m.centre.overdue,
      complaintsAnsweredOnTime: m.centre.complaintsAnsweredOnTime ?? null,
      complaintOnTimeRate: percent(m.centre.complaintOnTimeRate ?? null),
      satisfactionRate: percent(m.centre.satisfactionRate ?? null),
      badReviewsRectifiedOnTime: m.centre.badReviewsRectifiedOnTime ?? null,
      badReviewsRectifiedOnTimeRate: percent(m.centre.badReviewsRectifiedOnTimeRate ?? null),
    }));
}

const rates = ['onTimeRate', 'earlyRate', 'immediateShareOfCases'] as const;
const counts = ['deemedApprovals', 'overdue'] as const;

/**
 * The months' rates as lines on a percent axis (left) and the deemed approvals and overdue cases as bars on a count
 * axis (right). A month with nothing closed has no rate: its point is missing, not zero.
 */
export function trendOption(months: readonly EvaluationAnswer[], words: ChartWords): ChartOptionOf {
  const rows = trendRows(months);
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'plain' },
    grid: { left: 8, right: 8, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((row) => row.period) },
    yAxis: [
      { type: 'value', name: words.percent, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', name: words.count, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      ...rates.map(
        (name): LineSeriesOption => ({
          type: 'line',
          name: words[name],
          yAxisIndex: 0,
          connectNulls: false,
          symbolSize: 8,
          itemStyle: { color: palette[name] },
          data: rows.map((row) => row[name]),
        }),
      ),
      ...counts.map(
        (name): BarSeriesOption => ({
          type: 'bar',
          name: words[name],
          yAxisIndex: 1,
          itemStyle: { color: palette[name] },
          label: { show: true, position: 'top' },
          data: rows.map((row) => row[name]),
        }),
      ),
    ],
  };
}
