import { accountabilityPolicy } from '../common/accountability-policy.ts';
import { now } from '../common/clock.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { listByYear } from '../store/accountability.ts';
import { accountabilityView } from './accountability-access.ts';
import { httpHandler } from './handler.ts';
import { accountabilityListRoute } from './routes/accountability.ts';

/**
 * Supervisors (监察): every record on the register, newest first, with its id and where its workflow stands (a record
 * written before the workflow reads as OPEN); this year and last by default.
 */
export const handler = httpHandler(accountabilityListRoute, async ({ query }) => {
  const thisYear = Number(shanghaiDateOf(now()).slice(0, 4));
  const years = query.year ? [query.year] : [String(thisYear), String(thisYear - 1)];
  const policy = accountabilityPolicy();
  const records = (await Promise.all(years.map(listByYear))).flat().map((r) => accountabilityView(r, policy));
  return { status: 200, body: { years: years.map(Number), records } };
});
