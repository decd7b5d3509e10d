import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

/** An option of the chart kinds web/src/components/EChart.tsx registers (bars, lines, grid, legend, tooltip). */
export type ChartOptionOf = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | MarkLineComponentOption
>;

/**
 * Colours with at least 3:1 contrast on white (WCAG non-text contrast), told apart by more than hue: each series is
 * also named in the legend, labelled with its figure and given in the table beside the chart.
 */
export const palette = {
  baseline: '#6b7280',
  current: '#1d4ed8',
  target: '#15803d',
  onTimeRate: '#1d4ed8',
  earlyRate: '#15803d',
  immediateShareOfCases: '#7c3aed',
  deemedApprovals: '#b45309',
  overdue: '#b91c1c',
  ranking: '#1d4ed8',
} as const;

/** Rounded to 2 decimals (the API gives shares to 4: 0.9091 → 90.91 %). */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A share (0–1) as a percentage, null kept. */
export function percent(share: number | null | undefined): number | null {
  return share === null || share === undefined ? null : round2(share * 100);
}

/** Axis labels that wrap instead of running off a 360 px screen. */
export const categoryLabel = { width: 96, overflow: 'break', interval: 0 } as const;
