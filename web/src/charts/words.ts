/**
 * The charts' own words, so a page of any area (supervision, the public disclosure) draws the same chart in the
 * page's language: `chartWords(language())`.
 */
export interface ChartWords {
  readonly lang: 'zh' | 'en';
  readonly baseline: string;
  readonly current: string;
  readonly target: string;
  readonly percent: string;
  readonly count: string;
  readonly workingDays: string;
  readonly onTimeRate: string;
  readonly earlyRate: string;
  readonly immediateShareOfCases: string;
  readonly deemedApprovals: string;
  readonly overdue: string;
  readonly speedUp: string;
  readonly averageWorkingDays: string;
  readonly unknownDepartment: string;
}

const zh: ChartWords = {
  lang: 'zh',
  baseline: '基线',
  current: '当前',
  target: '目标',
  percent: '%',
  count: '件',
  workingDays: '工作日',
  onTimeRate: '按时办结率',
  earlyRate: '提前办结率',
  immediateShareOfCases: '即办件比例(件次)',
  deemedApprovals: '超时默认数',
  overdue: '超时件数',
  speedUp: '提速率',
  averageWorkingDays: '平均办结用时',
  unknownDepartment: '(已撤销的部门)',
};

const en: ChartWords = {
  lang: 'en',
  baseline: 'Baseline',
  current: 'Current',
  target: 'Target',
  percent: '%',
  count: 'cases',
  workingDays: 'working days',
  onTimeRate: 'On-time rate',
  earlyRate: 'Early rate',
  immediateShareOfCases: 'Immediate share of cases',
  deemedApprovals: 'Deemed approvals',
  overdue: 'Overdue',
  speedUp: 'Speed-up',
  averageWorkingDays: 'Average working days',
  unknownDepartment: '(department no longer listed)',
};

export function chartWords(lang: 'zh' | 'en'): ChartWords {
  return lang === 'en' ? en : zh;
}

/** A bilingual text of the API in the chart's language. */
export function named(text: { zh: string; en?: string } | null | undefined, words: ChartWords, fallback = ''): string {
  if (!text) return fallback;
  return words.lang === 'en' ? (text.en ?? text.zh) : text.zh;
}
