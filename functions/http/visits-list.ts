import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { visitsOfDepartment, visitsOfYear } from '../store/visits.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { visitsListRoute } from './routes/visits.ts';
import { visitView } from './visit-access.ts';

/**
 * Inspection visits, newest first. Supervisors: a year's (`?year=`, this year by default), or one department's
 * (`?departmentId=`, every year unless `year` is given). A department's staff: their department's (naming another
 * department → 403).
 */
export const handler = httpHandler(visitsListRoute, async (request) => {
  const identity = requireIdentity(request);
  const at = now();
  const { year, departmentId } = request.query;
  let department = departmentId;
  if (request.scope !== 'all') {
    if (departmentId && departmentId !== identity.department) {
      throw problems.forbidden(
        `无权查看 ${departmentId} 部门的明察暗访记录 Department ${departmentId}'s visits are not yours to read.`,
        [{ field: 'query.departmentId', reason: '须为本部门 must be your own department' }],
      );
    }
    department = identity.department;
  }
  const listedYear = year ?? (department ? null : shanghaiDateOf(at).slice(0, 4));
  const visits = department
    ? (await visitsOfDepartment(department)).filter((v) => !year || v.recordedAt.startsWith(year))
    : await visitsOfYear(listedYear ?? '');
  const calendar = await currentCalendar();
  return { status: 200, body: { year: listedYear, visits: visits.map((v) => visitView(v, at, calendar)) } };
});
