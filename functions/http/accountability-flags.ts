import { accountabilityPolicy } from '../common/accountability-policy.ts';
import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { flagsOf, quarterOf, quarterOfDate, statusOf } from '../domain/accountability.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { idOfRecord, listByYear } from '../store/accountability.ts';
import { httpHandler } from './handler.ts';
import { accountabilityFlagsRoute } from './routes/accountability.ts';

/**
 * Supervisors: the departments and officers that reached the configured number of records in a quarter
 * (ACCOUNTABILITY_POLICY `flagThreshold`, default 3; dismissed records not counted), for public handling
 * (选择几个办事拖拉、"慢作为"的部门……进行公开处理). The current quarter by default.
 */
export const handler = httpHandler(accountabilityFlagsRoute, async ({ query }) => {
  const quarter = query.quarter ?? quarterOfDate(shanghaiDateOf(now()));
  const range = quarterOf(quarter);
  if ('error' in range) throw problems.invalid([{ field: 'query.quarter', reason: range.error }]);
  const threshold = accountabilityPolicy().flagThreshold;
  const records = (await listByYear(range.year)).map((r) => ({ ...r, id: idOfRecord(r), status: statusOf(r) }));
  const flags = flagsOf(records, range, threshold).map((f) => ({
    kind: f.kind,
    departmentId: f.departmentId,
    officer: f.officer ? { id: f.officer.id, name: f.officer.name } : null,
    records: f.records,
    ids: [...f.ids],
  }));
  return { status: 200, body: { quarter, from: range.from, to: range.to, threshold, flags } };
});
