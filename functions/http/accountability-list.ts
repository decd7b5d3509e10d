import { now } from '../common/clock.ts';
import { shanghaiDateOf } from '../domain/time.ts';
import { listByYear } from '../store/accountability.ts';
import { httpHandler } from './handler.ts';
import { accountabilityView } from './views.ts';

/** Supervisors (监察): every deemed approval and overdue case on record, newest first; this year and last by default. */
export const handler = httpHandler('accountabilityList', async ({ query }) => {
  const thisYear = Number(shanghaiDateOf(now()).slice(0, 4));
  const years = query.year ? [query.year] : [String(thisYear), String(thisYear - 1)];
  const records = (await Promise.all(years.map(listByYear))).flat().map(accountabilityView);
  return { status: 200, body: { years: years.map(Number), records } };
});
