import type { Text } from './guide.ts';
import type { IsoDate } from './time.ts';

/**
 * The year-end public appraisal (公开评议, issue 16 item 6; docs/supervision.md "The year-end appraisal"): NPC deputies,
 * CPPCC members, enterprises and citizens — the `representative` role — rate each department and its leader on
 * published criteria, once per department per year, inside the appraisal's window. The public sees only aggregates
 * per department, and only once a department has at least `minRatings` ratings (small-n privacy). Pure rules: no
 * store, no clock.
 */

/** Who a representative is (the token's `kind` claim; a token without one is recorded as UNSPECIFIED). */
export const representativeKinds = ['NPC_DEPUTY', 'CPPCC_MEMBER', 'ENTERPRISE', 'CITIZEN'] as const;
export type RepresentativeKind = (typeof representativeKinds)[number];
export type RecordedKind = RepresentativeKind | 'UNSPECIFIED';

export const representativeKindNames: Record<RecordedKind, Text> = {
  NPC_DEPUTY: { zh: '人大代表', en: 'NPC deputy' },
  CPPCC_MEMBER: { zh: '政协委员', en: 'CPPCC member' },
  ENTERPRISE: { zh: '企业代表', en: 'enterprise representative' },
  CITIZEN: { zh: '群众代表', en: 'citizen representative' },
  UNSPECIFIED: { zh: '未注明', en: 'unspecified' },
};

export function recordedKindOf(claim: unknown): RecordedKind {
  return typeof claim === 'string' && (representativeKinds as readonly string[]).includes(claim)
    ? (claim as RepresentativeKind)
    : 'UNSPECIFIED';
}

/** A published criterion (评议标准): its code, names, what it asks the representative to judge, and its weight. */
export interface Criterion {
  readonly code: string;
  readonly name: Text;
  readonly description: Text;
  /** Share of the weighted total, in percent; a policy's weights sum to 100. */
  readonly weight: number;
}

export interface AppraisalPolicy {
  readonly criteria: readonly Criterion[];
  /** Ratings a department (or its leader) needs before its scores are published; below: only the count. */
  readonly minRatings: number;
  /** The window, as month-day: opens on `opens` of the appraised year, closes at the end of `closes` of the next. */
  readonly opens: string;
  readonly closes: string;
}

export const defaultCriteria: readonly Criterion[] = [
  {
    code: 'ATTITUDE',
    name: { zh: '服务态度', en: 'Service attitude' },
    description: {
      zh: '热情礼貌、耐心解答，首问负责，不推诿、不刁难',
      en: 'Courteous and patient, answers first inquiries, never passes people on or obstructs them',
    },
    weight: 20,
  },
  {
    code: 'EFFICIENCY',
    name: { zh: '办事效率', en: 'Efficiency' },
    description: {
      zh: '按承诺时限办结，一次性告知，不拖拉、无“慢作为”',
      en: 'Decides within the promised limits, tells what is missing once, no dragging or slow work',
    },
    weight: 25,
  },
  {
    code: 'LAWFULNESS',
    name: { zh: '依法行政', en: 'Lawful administration' },
    description: {
      zh: '依法审批、执法，程序规范，不乱检查、不乱收费',
      en: 'Approves and enforces by law with proper procedure; no arbitrary inspections or fees',
    },
    weight: 25,
  },
  {
    code: 'INTEGRITY',
    name: { zh: '廉洁自律', en: 'Integrity' },
    description: {
      zh: '不吃拿卡要，不以权谋私',
      en: 'Takes no favours or gifts, never uses office for private gain',
    },
    weight: 15,
  },
  {
    code: 'OPENNESS',
    name: { zh: '政务公开', en: 'Openness' },
    description: {
      zh: '办事指南、时限、收费和结果公开透明',
      en: 'Guides, time limits, fees and outcomes published and clear',
    },
    weight: 15,
  },
];

export const defaultAppraisalPolicy: AppraisalPolicy = {
  criteria: defaultCriteria,
  minRatings: 3,
  opens: '12-01',
  closes: '01-31',
};

/** The lowest and highest score of a criterion: 1 很不满意 … 5 很满意. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export const scoreNames: Record<number, Text> = {
  1: { zh: '很不满意', en: 'very dissatisfied' },
  2: { zh: '不满意', en: 'dissatisfied' },
  3: { zh: '一般', en: 'fair' },
  4: { zh: '满意', en: 'satisfied' },
  5: { zh: '很满意', en: 'very satisfied' },
};

/** The window of `year`'s appraisal: China-local dates, both inclusive. */
export function appraisalWindow(year: number, policy: AppraisalPolicy): { opens: IsoDate; closes: IsoDate } {
  // A window that closes on a month-day before it opens runs into the next year (the default: 1 Dec – 31 Jan).
  const closesYear = policy.closes < policy.opens ? year + 1 : year;
  return { opens: `${year}-${policy.opens}`, closes: `${closesYear}-${policy.closes}` };
}

export type WindowState = 'NOT_OPEN' | 'OPEN' | 'CLOSED';

export function windowState(year: number, policy: AppraisalPolicy, today: IsoDate): WindowState {
  const { opens, closes } = appraisalWindow(year, policy);
  if (today < opens) return 'NOT_OPEN';
  return today > closes ? 'CLOSED' : 'OPEN';
}

export type Scores = Readonly<Record<string, number>>;

/**
 * Problems with a set of scores against the criteria: every criterion scored, each a whole number 1–5, no unknown
 * code. Each problem names its field (`<prefix>.<code>`) and why.
 */
export function scoreProblems(
  scores: Scores,
  criteria: readonly Criterion[],
  prefix: string,
): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  const codes = criteria.map((c) => c.code);
  for (const code of Object.keys(scores)) {
    if (!codes.includes(code)) {
      out.push({
        field: `${prefix}.${code}`,
        reason: `不是公布的评议标准 is not a published criterion (${codes.join(', ')})`,
      });
    }
  }
  for (const code of codes) {
    const value = scores[code];
    if (value === undefined)
      out.push({ field: `${prefix}.${code}`, reason: '必填：1 至 5 分 required: a score from 1 to 5' });
    else if (!Number.isInteger(value) || value < SCORE_MIN || value > SCORE_MAX) {
      out.push({ field: `${prefix}.${code}`, reason: '须为 1 至 5 的整数 must be a whole number from 1 to 5' });
    }
  }
  return out;
}

/**
 * The weighted total of average scores, on 0–100: Σ weight × average ÷ 5 (all 5s → 100, all 4s → 80, all 3s → 60),
 * rounded to 2 decimals.
 */
export function weightedTotal(averages: Scores, criteria: readonly Criterion[]): number {
  const sum = criteria.reduce((acc, c) => acc + (c.weight * (averages[c.code] ?? 0)) / SCORE_MAX, 0);
  return Math.round(sum * 100) / 100;
}

export type Grade = 'SATISFIED' | 'BASICALLY_SATISFIED' | 'DISSATISFIED';

export const gradeNames: Record<Grade, Text> = {
  SATISFIED: { zh: '满意', en: 'satisfied' },
  BASICALLY_SATISFIED: { zh: '基本满意', en: 'basically satisfied' },
  DISSATISFIED: { zh: '不满意', en: 'dissatisfied' },
};

/** 满意 from 80 (an average of 4, "satisfied", on every criterion), 基本满意 from 60 (3, "fair"), else 不满意. */
export function gradeOf(total: number): Grade {
  if (total >= 80) return 'SATISFIED';
  return total >= 60 ? 'BASICALLY_SATISFIED' : 'DISSATISFIED';
}

/** One rating as the summary reads it (never who gave it). */
export interface RatingFacts {
  readonly departmentId: string;
  readonly kind: RecordedKind;
  readonly scores: Scores;
  readonly leaderScores?: Scores | undefined;
}

/** The aggregate of some ratings on the criteria; scores only from `minRatings` on. */
export interface Aggregate {
  readonly ratings: number;
  readonly shown: boolean;
  readonly averages: Scores | null;
  readonly weightedTotal: number | null;
  readonly grade: Grade | null;
}

export function aggregate(list: readonly Scores[], policy: AppraisalPolicy): Aggregate {
  const n = list.length;
  if (n < policy.minRatings || n === 0) {
    return { ratings: n, shown: false, averages: null, weightedTotal: null, grade: null };
  }
  // The total from the exact averages; the averages shown rounded to 2 decimals.
  const exact = Object.fromEntries(
    policy.criteria.map((c) => [c.code, list.reduce((acc, s) => acc + (s[c.code] ?? 0), 0) / n]),
  );
  const averages = Object.fromEntries(Object.entries(exact).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  const total = weightedTotal(exact, policy.criteria);
  return { ratings: n, shown: true, averages, weightedTotal: total, grade: gradeOf(total) };
}

export interface DepartmentSummary {
  readonly departmentId: string;
  readonly department: Aggregate;
  readonly leader: Aggregate;
  /** Ratings by kind of representative (counts only: a count says nothing about a ballot). */
  readonly byKind: Readonly<Partial<Record<RecordedKind, number>>>;
  /** 1 = best weighted total among the departments shown; null when not shown. Ties share a rank. */
  readonly rank: number | null;
}

/**
 * The per-department summaries of a year's ratings, for every department of `departmentIds` (and any other a rating
 * names), ranked by the department's weighted total (highest first; equal totals share a rank, the next rank skips).
 * Ordered by rank, then the unranked by id.
 */
export function summarise(
  ratings: readonly RatingFacts[],
  departmentIds: readonly string[],
  policy: AppraisalPolicy,
): DepartmentSummary[] {
  const ids = [...new Set([...departmentIds, ...ratings.map((r) => r.departmentId)])].sort();
  const rows = ids.map((departmentId) => {
    const mine = ratings.filter((r) => r.departmentId === departmentId);
    const byKind: Partial<Record<RecordedKind, number>> = {};
    for (const r of mine) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    return {
      departmentId,
      department: aggregate(
        mine.map((r) => r.scores),
        policy,
      ),
      leader: aggregate(
        mine.flatMap((r) => (r.leaderScores ? [r.leaderScores] : [])),
        policy,
      ),
      byKind,
    };
  });
  const totals = rows.flatMap((r) => (r.department.weightedTotal === null ? [] : [r.department.weightedTotal]));
  const ranked = rows.map((r) => ({
    ...r,
    rank:
      r.department.weightedTotal === null
        ? null
        : 1 + totals.filter((t) => t > (r.department.weightedTotal ?? 0)).length,
  }));
  return ranked.sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0),
  );
}
