import { accountabilityPolicy } from '../common/accountability-policy.ts';
import { now } from '../common/clock.ts';
import { statusOf } from '../domain/accountability.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { listByYear } from '../store/accountability.ts';
import { publicView } from './accountability-access.ts';
import { httpHandler } from './handler.ts';
import { accountabilityPublicRoute } from './routes/accountability.ts';

/**
 * Anyone, no token (公开处理): the published outcomes of the accountability register, newest publication first —
 * the department, the reason, who was found responsible (by role; names only where the policy says, by default
 * never), the sanction and the dates. Never an ID number or a phone: the view is built from structured fields only
 * (functions/http/accountability-access.ts `publicView`). Records of this year and last by default (by when the lapse
 * was recorded), or of `year`.
 */
export const handler = httpHandler(accountabilityPublicRoute, async ({ query }) => {
  const thisYear = Number(shanghaiDateOf(now()).slice(0, 4));
  const years = query.year ? [query.year] : [String(thisYear), String(thisYear - 1)];
  const policy = accountabilityPolicy();
  const records = (await Promise.all(years.map(listByYear)))
    .flat()
    .filter((r) => statusOf(r) === 'PUBLISHED' && r.decision && r.publication)
    .map((r) => publicView(r, policy))
    .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
  return { status: 200, body: { years: years.map(Number), publishNamesFrom: policy.publishNamesFrom, records } };
});
