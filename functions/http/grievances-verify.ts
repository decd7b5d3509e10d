import { verifyCase } from '../domain/timeline.ts';
import { grievanceInReach } from './grievance-access.ts';
import { httpHandler } from './handler.ts';
import { grievancesVerifyRoute } from './routes/grievances.ts';

/** Re-computes a grievance's hash-chained timeline and the state bound to its head (docs/tamper-evidence.md). */
export const handler = httpHandler(grievancesVerifyRoute, async (request) => {
  const found = await grievanceInReach(request, request.path.id);
  const verdict = verifyCase(found);
  return { status: 200, body: { id: found.id, ...verdict } };
});
