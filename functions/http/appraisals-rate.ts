import { appraisalPolicy } from '../common/appraisal-policy.ts';
import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { appraisalWindow, recordedKindOf, scoreProblems, windowState } from '../domain/appraisal.ts';
import { shanghaiDateOf, toShanghaiIso } from '../domain/time.ts';
import { type AppraisalRating, ballotOf, putRating, raterDigest } from '../store/appraisals.ts';
import { getDepartmentCached } from '../store/catalog.ts';
import { ratingView } from './appraisal-views.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { appraisalsRateRoute } from './routes/appraisal.ts';

appraisalPolicy();

/**
 * A representative rates a department and (optionally) its leader on the published criteria, 1–5 each, once per
 * department per year, inside the appraisal's window (China-local dates; outside → 409). The department must be in
 * the directory (422). The rater is kept as a digest only; the kind comes from the token.
 */
export const handler = httpHandler(appraisalsRateRoute, async (request) => {
  const identity = requireIdentity(request);
  const { year } = request.path;
  const body = request.body;
  const policy = appraisalPolicy();
  const at = now();
  const today = shanghaiDateOf(at);
  const state = windowState(year, policy, today);
  if (state !== 'OPEN') {
    const { opens, closes } = appraisalWindow(year, policy);
    throw problems.conflict(
      state === 'NOT_OPEN' ? 'appraisal-not-open' : 'appraisal-closed',
      `${year} 年度评议的开放时间为 ${opens} 至 ${closes}（北京时间），今天是 ${today} The ${year} appraisal is open from ${opens} to ${closes} (China-local dates); today is ${today}.`,
      { windowState: state, opens, closes },
    );
  }
  const invalid = [
    ...scoreProblems(body.scores, policy.criteria, 'body.scores'),
    ...(body.leaderScores ? scoreProblems(body.leaderScores, policy.criteria, 'body.leaderScores') : []),
  ];
  if (invalid.length) throw problems.invalid(invalid);
  const department = await getDepartmentCached(body.departmentId);
  if (department?.status !== 'ACTIVE') {
    throw problems.unprocessable(
      'unknown-department',
      '只评议部门名录中的部门 Only a department of the directory is appraised.',
      [
        {
          field: 'body.departmentId',
          reason: department ? '已撤销 retired' : '不在部门名录中 not in the department directory',
        },
      ],
    );
  }
  const rater = raterDigest(identity.sub);
  const rating: AppraisalRating = {
    year: String(year),
    ballot: ballotOf(rater, department.id),
    rater,
    kind: recordedKindOf(identity.kind),
    departmentId: department.id,
    scores: body.scores,
    ...(body.leaderScores ? { leader: { id: department.leader.id, name: department.leader.name } } : {}),
    ...(body.leaderScores ? { leaderScores: body.leaderScores } : {}),
    ...(body.comment ? { comment: body.comment } : {}),
    at: toShanghaiIso(at),
  };
  if (!(await putRating(rating))) {
    throw problems.conflict(
      'already-rated',
      `您已在 ${year} 年度评议中评过 ${department.id}，每个部门每年只评一次 You have rated ${department.id} in the ${year} appraisal already: one rating per department per year.`,
    );
  }
  return { status: 201, body: ratingView(rating, policy) };
});
