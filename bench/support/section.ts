/** One row of the printed table: what was measured, the figure, the target, and whether it was met. */
export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly value: string;
  readonly target?: string;
  readonly met?: boolean;
}

/** What every section writes into bench/results.json under its key. */
export interface SectionResult {
  readonly figures: Record<string, unknown>;
  /** What the figures are compared with (a baseline measured in the same run, a published limit or price). */
  readonly reference: Record<string, unknown> | string;
  readonly target: string;
  readonly met: boolean;
  /** Plain-language findings: targets missed and why, slow paths, anything a reader must know. */
  readonly notes: string[];
  readonly rows: Row[];
  readonly wallSeconds: number;
}

/** Breaches of the rules no benchmark may break; any one makes the run exit non-zero. */
export interface HardRules {
  earlyFirings: number;
  lostCases: number;
  duplicateOutcomes: number;
  /**
   * Items an index read did not return (or returned stale) although a consistent GetItem shows they belong there:
   * due work hidden from the reconciler, cases from the worklists (issue 10).
   */
  indexMisses: number;
  /** Where each breach was seen — the case, its deadline, what was read and what a consistent read said. */
  details: string[];
}

export interface BenchContext {
  readonly quick: boolean;
  /** Pending clocks for the precision and memory sections (`--cases`); default 10,000, quick 200. */
  readonly precisionCases?: number;
  /** Closed cases for the evaluation section (`--evaluation-cases`); default 100,000, quick 10,000. */
  readonly evaluationCases?: number;
  readonly hard: HardRules;
  log(message: string): void;
}

export function elapsedSeconds(startedMs: number): number {
  return Number(((performance.now() - startedMs) / 1000).toFixed(1));
}
