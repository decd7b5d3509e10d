import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { validateYearCalendar } from '../domain/calendar.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { putYearCalendar } from '../store/calendar.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { calendarYearPutRoute } from './routes/calendar.ts';

/**
 * Admin: load a year of the State Council holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知). It replaces the
 * built-in data for that year at once — no redeploy. Deadlines computed from now on use it.
 */
export const handler = httpHandler(calendarYearPutRoute, async (request) => {
  const identity = requireIdentity(request);
  const { year } = request.path;
  const result = validateYearCalendar({ ...request.body, year });
  if (!result.ok) {
    throw problems.invalid(result.errors.map((e) => ({ field: `body.${e.field}`, reason: e.reason })));
  }
  const loaded = { ...result.value, loadedAt: toShanghaiIso(now()), loadedBy: identity.sub };
  await putYearCalendar(loaded);
  return { status: 200, body: loaded };
});
