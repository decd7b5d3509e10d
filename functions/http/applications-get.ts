import { now } from '../common/clock.ts';
import { lightOf } from '../domain/lights.ts';
import { currentCalendar } from '../store/calendar.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { caseView } from './views.ts';

/** A case with its status, deadline and timeline, for those in its scope. */
export const handler = httpHandler('applicationsGet', async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await caseInReach(request, id);
  const light = lightOf(found, now(), await currentCalendar());
  return {
    status: 200,
    body: {
      ...caseView(found, identity),
      light: light?.light ?? null,
      remainingWorkingDays: light?.remainingWorkingDays ?? null,
    },
  };
});
