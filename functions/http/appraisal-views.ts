import {
  type Aggregate,
  type AppraisalPolicy,
  appraisalWindow,
  gradeNames,
  SCORE_MAX,
  SCORE_MIN,
  scoreNames,
  weightedTotal,
  windowState,
} from '../domain/appraisal.ts';
import type { IsoDate } from '../domain/time.ts';
import type { AppraisalRating } from '../store/appraisals.ts';

/** The window of `year` as published: its dates and whether it is open on `today` (China-local). */
export function windowView(year: number, policy: AppraisalPolicy, today: IsoDate) {
  return { ...appraisalWindow(year, policy), state: windowState(year, policy, today) };
}

export function criteriaView(year: number, policy: AppraisalPolicy, today: IsoDate) {
  return {
    year,
    window: windowView(year, policy, today),
    minRatings: policy.minRatings,
    scale: {
      min: SCORE_MIN,
      max: SCORE_MAX,
      names: Object.fromEntries(Object.entries(scoreNames).map(([k, v]) => [k, { ...v }])),
    },
    criteria: policy.criteria.map((c) => ({ ...c, name: { ...c.name }, description: { ...c.description } })),
    grades: [
      { grade: 'SATISFIED', name: gradeNames.SATISFIED, from: 80 },
      { grade: 'BASICALLY_SATISFIED', name: gradeNames.BASICALLY_SATISFIED, from: 60 },
      { grade: 'DISSATISFIED', name: gradeNames.DISSATISFIED, from: 0 },
    ],
  };
}

export function aggregateView(a: Aggregate) {
  return {
    ratings: a.ratings,
    shown: a.shown,
    averages: a.averages ? { ...a.averages } : null,
    weightedTotal: a.weightedTotal,
    grade: a.grade,
    gradeName: a.grade ? gradeNames[a.grade] : null,
  };
}

/** A representative's own rating (their kind; never their account, which the item does not hold either). */
export function ratingView(r: AppraisalRating, policy: AppraisalPolicy) {
  return {
    year: Number(r.year),
    departmentId: r.departmentId,
    kind: r.kind,
    scores: { ...r.scores },
    weightedTotal: weightedTotal(r.scores, policy.criteria),
    leader: r.leader ? { name: r.leader.name } : null,
    leaderScores: r.leaderScores ? { ...r.leaderScores } : null,
    leaderWeightedTotal: r.leaderScores ? weightedTotal(r.leaderScores, policy.criteria) : null,
    comment: r.comment ?? null,
    at: r.at,
  };
}
