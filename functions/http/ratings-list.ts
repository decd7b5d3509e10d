import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { owedLight, rectificationOwed } from '../domain/owed.ts';
import { ratingLevels } from '../domain/rating.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type RatingListScope, ratingsPage } from '../store/ratings.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { ratingsListRoute } from './routes/ratings.ts';

/**
 * Ratings a page at a time, newest first: supervision's every bad review (filterable by the rectification's status),
 * a department's staff their department's bad reviews, an applicant their own ratings (good ones too). Each entry
 * carries the stage still owed with its deadline and light; never the applicant's account.
 */
export const handler = httpHandler(ratingsListRoute, async (request) => {
  const identity = requireIdentity(request);
  const { limit, cursor, status } = request.query;
  let scope: RatingListScope;
  if (identity.role === 'supervisor') scope = { all: true };
  else if (identity.role === 'applicant') scope = { applicant: identity.sub };
  else if (identity.department) scope = { department: identity.department };
  else throw problems.forbidden('查看部门列表须在令牌中注明部门 A department list needs a department in the token.');
  const [page, calendar] = await Promise.all([ratingsPage(scope, { limit, cursor, status }), currentCalendar()]);
  if ('invalidCursor' in page) {
    throw problems.invalid([
      {
        field: 'query.cursor',
        reason: '须为本列表上一页返回的 `next` 值 must be the `next` value of the previous page of this list',
      },
    ]);
  }
  const at = now();
  const ratings = page.items.map((r) => {
    const owed = rectificationOwed(r);
    const light = owed ? owedLight(owed, at, calendar) : undefined;
    return {
      id: r.id,
      kind: 'RATING' as const,
      caseId: r.caseId,
      departmentId: r.departmentId,
      itemCode: r.itemCode,
      itemName: r.itemName,
      level: r.level,
      levelName: ratingLevels[r.level],
      bad: r.bad,
      ratedAt: r.ratedAt,
      status: r.bad ? (r.status ?? 'AWAITING_CONTACT') : null,
      stage: owed?.stage ?? null,
      deadline: owed?.deadline ?? null,
      deadlineDate: owed?.deadlineDate ?? null,
      light: light?.light ?? null,
      remainingDays: light?.remainingDays ?? null,
      supervisionDeadline: owed?.supervisionDeadline ?? null,
      excluded: r.excluded !== undefined,
    };
  });
  return { status: 200, body: { ratings, next: page.next } };
});
