import { now } from '../common/clock.ts';
import { enforcementPolicy } from '../common/enforcement-policy.ts';
import { problems } from '../common/problem.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { inspectionsOfYear } from '../store/enforcement.ts';
import { inspectionView } from './enforcement-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { enforcementListRoute } from './routes/enforcement.ts';

/**
 * A year's inspections (by planned date; this year by default), newest plan first. Supervisors: every department's,
 * filtered by `departmentId`, `enterprise` (a credit code, or part of the name), `status`, `overLimit` (the plans
 * over the yearly limit: supervision's list of them). Staff: their own department's, with the same filters (another
 * department's → 403).
 */
export const handler = httpHandler(enforcementListRoute, async (request) => {
  const identity = requireIdentity(request);
  const { query } = request;
  const year = query.year ?? shanghaiDateOf(now()).slice(0, 4);
  let departmentId = query.departmentId;
  if (request.scope === 'department') {
    if (departmentId && departmentId !== identity.department) {
      throw problems.forbidden(
        `工作人员只能查看本部门的执法检查，不能查看 ${departmentId} 的 Staff read their own department's inspections, not ${departmentId}'s.`,
        [{ field: 'query.departmentId', reason: '不是本部门 not your department' }],
      );
    }
    departmentId = identity.department ?? '-';
  }
  const wanted = query.enterprise?.toUpperCase();
  const inspections = (await inspectionsOfYear(year, departmentId))
    .filter((i) => !query.status || i.status === query.status)
    .filter((i) => !query.overLimit || i.overLimit === (query.overLimit === 'true'))
    .filter(
      (i) =>
        !query.enterprise ||
        i.enterprise.creditCode === wanted ||
        i.enterprise.name.includes(query.enterprise as string),
    )
    .map(inspectionView);
  return {
    status: 200,
    body: { year: Number(year), yearlyLimitPerEnterprise: enforcementPolicy().yearlyLimitPerEnterprise, inspections },
  };
});
