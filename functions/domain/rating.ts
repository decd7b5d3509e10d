/**
 * Satisfaction reviews (好差评, docs/rules.md §7): the applicant rates a closed case once, on five levels; a bad
 * review (1–2) starts its rectification — the department contacts the applicant within 1 working day and reports the
 * rectification within 15 (two clocks, functions/domain/duty.ts `RATING_CONTACT`, `RATING_RECTIFY`), then the
 * applicant rates once more (the follow-up). The department may appeal a mistaken or malicious review to supervision;
 * an upheld appeal takes it out of the statistics, with the reason. Pure: no I/O.
 */
import type { CaseStatus } from './case.ts';
import type { Recipient } from './notifications.ts';

export const RATING_CONTACT_WORKING_DAYS = 1;
export const RATING_RECTIFY_WORKING_DAYS = 15;

/** The five levels, best first (国务院办公厅《关于建立政务服务“好差评”制度…的意见》). */
export const ratingLevels = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
} as const;
export type RatingLevel = keyof typeof ratingLevels;

export function isRatingLevel(value: unknown): value is RatingLevel {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

/** 差评: 不满意 and 非常不满意. */
export function isBad(level: RatingLevel): boolean {
  return level <= 2;
}

/** 满意 in the satisfaction rate: 基本满意 and better (the levels that are not bad reviews). */
export function isSatisfied(level: RatingLevel): boolean {
  return level >= 3;
}

/** A case is rated once it is closed (办结): decided, deemed approved, or revoked after a deemed approval. */
export const ratableStatuses: readonly CaseStatus[] = ['APPROVED', 'REJECTED', 'DEEMED_APPROVED', 'REVOKED'];

/**
 * Where a bad review's rectification stands (derived from its facts, `rectificationStatusOf`):
 *  - AWAITING_CONTACT: the department has not yet contacted the applicant, within the working day;
 *  - OVERDUE: a stage's deadline passed with the stage not done (contact or report): under supervision (督办);
 *  - CONTACTED: contacted, the rectification report is due;
 *  - RECTIFIED: reported; the applicant may rate again;
 *  - CLOSED: the follow-up rating is in;
 *  - EXCLUDED: supervision upheld the department's appeal: no rectification is owed.
 */
export type RectificationStatus = 'AWAITING_CONTACT' | 'OVERDUE' | 'CONTACTED' | 'RECTIFIED' | 'CLOSED' | 'EXCLUDED';

/** A stage's deadline passed with the stage undone: supervision's deadline, and when it escalated. */
export interface StageOverdue {
  readonly at: string;
  readonly supervisionDeadline: string;
  readonly supervisionDeadlineDate: string;
  readonly escalatedAt?: string;
}

export interface RectificationFacts {
  readonly contactBy: string;
  readonly rectifyBy: string;
  readonly contactedAt?: string;
  readonly rectifiedAt?: string;
  readonly contactOverdue?: StageOverdue;
  readonly rectifyOverdue?: StageOverdue;
}

export function rectificationStatusOf(
  r: RectificationFacts,
  rating: { readonly followUp?: unknown; readonly excluded?: unknown },
): RectificationStatus {
  if (rating.excluded) return 'EXCLUDED';
  if (rating.followUp) return 'CLOSED';
  if (r.rectifiedAt) return 'RECTIFIED';
  if ((r.contactOverdue && !r.contactedAt) || r.rectifyOverdue) return 'OVERDUE';
  return r.contactedAt ? 'CONTACTED' : 'AWAITING_CONTACT';
}

/** Both stages done by their deadlines (ISO instants compare as instants: both are written with +08:00). */
export function rectifiedOnTime(r: RectificationFacts): boolean {
  return (
    r.contactedAt !== undefined &&
    r.rectifiedAt !== undefined &&
    Date.parse(r.contactedAt) <= Date.parse(r.contactBy) &&
    Date.parse(r.rectifiedAt) <= Date.parse(r.rectifyBy)
  );
}

/**
 * The events on a rating's own hash-chained timeline (functions/domain/timeline.ts links them the same way as a
 * case's): one closed set, each with its notification rule below.
 */
export const ratingEventTypes = [
  'RATED', // the applicant's rating (a bad one starts both clocks)
  'RATING_CONTACTED', // the department contacted the applicant about a bad review
  'RATING_CONTACT_OVERDUE', // no contact within the working day: under supervision
  'RATING_RECTIFIED', // the department reported its rectification
  'RATING_RECTIFY_OVERDUE', // no report within 15 working days: under supervision
  'RATING_ESCALATED', // a stage still undone at supervision's deadline
  'RATING_FOLLOWED_UP', // the applicant's follow-up rating after the rectification
  'RATING_APPEALED', // the department's head appeals the review to supervision
  'RATING_APPEAL_UPHELD', // supervision upheld it: excluded from statistics
  'RATING_APPEAL_REJECTED', // supervision rejected it: the review stands
] as const;
export type RatingEventType = (typeof ratingEventTypes)[number];

export interface NotifiedRating {
  readonly level: number;
  readonly bad: boolean;
  readonly itemName: string;
  readonly rectification?: RectificationFacts;
}

interface RatingRule {
  readonly to: readonly Recipient[];
  readonly zh: (r: NotifiedRating) => string;
  readonly en: (r: NotifiedRating) => string;
  readonly actBy?: (r: NotifiedRating) => string | undefined;
}

const label = (r: NotifiedRating) =>
  ratingLevels[r.level as RatingLevel] ?? { zh: String(r.level), en: String(r.level) };

/** Who is told of each rating event: the applicant and the department at every step, supervision when it acts. */
export const ratingNotificationRules: Readonly<Record<RatingEventType, RatingRule>> = {
  RATED: {
    to: ['APPLICANT', 'HANDLER', 'HEAD'],
    zh: (r) =>
      r.bad
        ? `收到差评（${label(r).zh}）：${r.itemName}，须于一个工作日内回访、十五个工作日内整改并反馈`
        : `收到评价（${label(r).zh}）：${r.itemName}`,
    en: (r) =>
      r.bad
        ? `Bad review (${label(r).en}) of ${r.itemName}: contact the applicant within 1 working day, report the rectification within 15`
        : `Rated ${label(r).en}: ${r.itemName}`,
    actBy: (r) => r.rectification?.contactBy,
  },
  RATING_CONTACTED: {
    to: ['APPLICANT', 'HANDLER'],
    zh: () => '部门已就差评回访，整改情况将于十五个工作日内反馈',
    en: () =>
      'The department contacted the applicant about the bad review; the rectification is reported within 15 working days',
    actBy: (r) => r.rectification?.rectifyBy,
  },
  RATING_CONTACT_OVERDUE: {
    to: ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION'],
    zh: () => '差评未在一个工作日内回访，已移送监察督办',
    en: () => 'The bad review was not followed up within 1 working day: overdue, under supervision (督办)',
  },
  RATING_RECTIFIED: {
    to: ['APPLICANT', 'HANDLER'],
    zh: () => '部门已反馈差评整改情况，请您再次评价',
    en: () => 'The department reported its rectification: you may rate once more',
  },
  RATING_RECTIFY_OVERDUE: {
    to: ['APPLICANT', 'HANDLER', 'HEAD', 'SUPERVISION'],
    zh: () => '差评未在十五个工作日内整改反馈，已移送监察督办',
    en: () => 'The rectification was not reported within 15 working days: overdue, under supervision (督办)',
  },
  RATING_ESCALATED: {
    to: ['HANDLER', 'HEAD', 'SUPERVISION'],
    zh: () => '差评整改至督办期限仍未完成，已上报上级',
    en: () => 'The rectification is still undone at its supervision deadline: escalated',
  },
  RATING_FOLLOWED_UP: {
    to: ['HANDLER', 'HEAD'],
    zh: (r) => `申请人整改后再次评价：${label(r).zh}`,
    en: (r) => `The applicant rated again after the rectification: ${label(r).en}`,
  },
  RATING_APPEALED: {
    to: ['SUPERVISION'],
    zh: () => '部门对差评提出申诉，请审核',
    en: () => 'The department appeals a review: decide it',
  },
  RATING_APPEAL_UPHELD: {
    to: ['APPLICANT', 'HANDLER', 'HEAD'],
    zh: () => '经监察审核，该评价不计入统计',
    en: () => 'On review supervision excluded this rating from the statistics',
  },
  RATING_APPEAL_REJECTED: {
    to: ['HANDLER', 'HEAD'],
    zh: () => '经监察审核，申诉不成立，评价有效',
    en: () => 'On review supervision rejected the appeal: the rating stands',
  },
};

/** A rating as the summary reads it. */
export interface SummarizedRating {
  readonly departmentId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly level: RatingLevel;
  readonly bad: boolean;
  readonly rectification?: RectificationFacts;
  readonly excluded?: unknown;
}

export interface SummaryRow {
  readonly departmentId: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly total: number;
  readonly levels: Readonly<Record<RatingLevel, number>>;
  /** (基本满意 + 满意 + 非常满意) / total, rounded to 4 places; null with no ratings counted. */
  readonly satisfactionRate: number | null;
  readonly badReviews: number;
  readonly rectifiedOnTime: number;
  /** Ratings supervision excluded (upheld appeals): shown, never counted above. */
  readonly excluded: number;
}

/** Per department and item, in that order: the month's ratings counted (docs/rules.md §7). */
export function summarize(ratings: readonly SummarizedRating[]): SummaryRow[] {
  const rows = new Map<string, { row: Omit<SummaryRow, 'satisfactionRate'>; levels: Record<RatingLevel, number> }>();
  for (const r of ratings) {
    const key = `${r.departmentId}\u0000${r.itemCode}`;
    let entry = rows.get(key);
    if (!entry) {
      const levels = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
      entry = {
        levels,
        row: {
          departmentId: r.departmentId,
          itemCode: r.itemCode,
          itemName: r.itemName,
          total: 0,
          levels,
          badReviews: 0,
          rectifiedOnTime: 0,
          excluded: 0,
        },
      };
      rows.set(key, entry);
    }
    const row = entry.row as { -readonly [K in keyof typeof entry.row]: (typeof entry.row)[K] };
    if (r.excluded) {
      row.excluded++;
      continue;
    }
    row.total++;
    entry.levels[r.level]++;
    if (r.bad) row.badReviews++;
    if (r.bad && r.rectification && rectifiedOnTime(r.rectification)) row.rectifiedOnTime++;
  }
  return [...rows.values()]
    .map(({ row }) => ({ ...row, satisfactionRate: satisfactionRate(row.levels) }))
    .sort((a, b) => a.departmentId.localeCompare(b.departmentId) || a.itemCode.localeCompare(b.itemCode));
}

export function satisfactionRate(levels: Readonly<Record<RatingLevel, number>>): number | null {
  const total = levels[1] + levels[2] + levels[3] + levels[4] + levels[5];
  if (total === 0) return null;
  return Math.round(((levels[3] + levels[4] + levels[5]) / total) * 10_000) / 10_000;
}

/**
 * Who a rating's own events (the rating, the follow-up) are by on its timeline: "the applicant", never their account.
 * The rated department reads the timeline; a review is the service's, not a person's file (the applicant's account is
 * kept on the rating record, to scope who may follow it up).
 */
export const RATER_ACTOR = 'applicant';
