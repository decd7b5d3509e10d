import { grievanceInReach, grievanceView, viewerOf } from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { grievancesGetRoute } from './routes/grievances.ts';

/** A grievance: the complainant and supervision see all of it; the assigned department never who filed it. */
export const handler = httpHandler(grievancesGetRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  return { status: 200, body: grievanceView(found, viewerOf(identity, found)) };
});
