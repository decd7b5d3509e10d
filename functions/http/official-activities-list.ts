import { problems } from '../common/problem.ts';
import { enterpriseQueryOf } from '../domain/official-activity.ts';
import { type ActivityFilter, activitiesPage } from '../store/official-activities.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { activityView } from './official-activity-views.ts';
import { officialActivitiesListRoute } from './routes/appraisal.ts';

/**
 * Official activities, newest first, a page at a time. Supervisors: per enterprise (`enterprise`: a credit code, or
 * a name matched normalised), per officer (`officer`: the registrant's subject), per department (`departmentId`),
 * or every one. A department's staff: their own department's only (the same filters, within it; another department
 * named → 403).
 */
export const handler = httpHandler(officialActivitiesListRoute, async (request) => {
  const identity = requireIdentity(request);
  const q = request.query;
  const own = request.scope === 'department' ? identity.department : undefined;
  if (request.scope === 'department' && !own)
    throw problems.forbidden('工作人员令牌须注明所属部门 A staff token must name its department.');
  if (own && q.departmentId && q.departmentId !== own) {
    throw problems.forbidden("工作人员只能查看本部门的公务活动 Staff see their own department's activities only.", [
      { field: 'query.departmentId', reason: '不是本部门 not your department' },
    ]);
  }
  const departmentId = own ?? q.departmentId;
  let filter: ActivityFilter;
  if (q.enterprise) {
    const e = enterpriseQueryOf(q.enterprise);
    filter = 'creditCode' in e ? { creditCode: e.creditCode } : { enterpriseKey: e.name };
  } else if (q.officer) filter = { officer: q.officer };
  else if (departmentId) filter = { departmentId };
  else filter = { all: true };
  // One index per query; the other filters given are applied to its items (DynamoDB FilterExpression).
  const page = await activitiesPage(filter, {
    limit: q.limit,
    cursor: q.cursor,
    ...(departmentId ? { departmentId } : {}),
    ...(q.officer && !('officer' in filter) ? { officer: q.officer } : {}),
  });
  if ('invalidCursor' in page) {
    throw problems.invalid([
      { field: 'query.cursor', reason: '须为上一页返回的 `next` 值 must be the `next` value of the previous page' },
    ]);
  }
  return { status: 200, body: { activities: page.items.map(activityView), next: page.next } };
});
