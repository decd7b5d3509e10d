import { now } from '../common/clock.ts';
import { actionsFor } from '../domain/actions.ts';
import { lightOf } from '../domain/lights.ts';
import { currentCalendar } from '../store/calendar.ts';
import { caseInReach } from './case-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { applicationsGetRoute } from './routes/applications.ts';
import { caseView } from './views.ts';

/**
 * A case with its status, deadline and timeline, for those in its scope, and what the caller may do to it now: every
 * action, the refused ones with their reason (the case page shows them disabled, never hidden).
 */
export const handler = httpHandler(applicationsGetRoute, async (request) => {
  const identity = requireIdentity(request);
  const { id } = request.path;
  const found = await caseInReach(request, id);
  const at = now();
  const light = lightOf(found, at, await currentCalendar());
  return {
    status: 200,
    body: {
      ...caseView(found, identity),
      light: light?.light ?? null,
      remainingWorkingDays: light?.remainingWorkingDays ?? null,
      actions: actionsFor(found, identity, at),
    },
  };
});
