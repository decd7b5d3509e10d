import { inspectionDetail, inspectionInReach } from './enforcement-access.ts';
import { httpHandler } from './handler.ts';
import { enforcementGetRoute } from './routes/enforcement.ts';

/** One inspection with its hash-chained timeline, verified: supervisors; staff, their department's. */
export const handler = httpHandler(enforcementGetRoute, async (request) => ({
  status: 200,
  body: inspectionDetail(await inspectionInReach(request, request.path.id)),
}));
