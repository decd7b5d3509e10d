import { now } from '../common/clock.ts';
import { currentCalendar } from '../store/calendar.ts';
import { httpHandler } from './handler.ts';
import { visitsGetRoute } from './routes/visits.ts';
import { visitDetail, visitInReach } from './visit-access.ts';

/** One inspection visit with its problems (lights, countdowns) and its verified timeline (supervisors; staff: own). */
export const handler = httpHandler(visitsGetRoute, async (request) => {
  const found = await visitInReach(request, request.path.id);
  return { status: 200, body: visitDetail(found, now(), await currentCalendar()) };
});
