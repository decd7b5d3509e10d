import { accountabilityPolicy } from '../common/accountability-policy.ts';
import { accountabilityDetail, recordInReach } from './accountability-access.ts';
import { httpHandler } from './handler.ts';
import { accountabilityGetRoute } from './routes/accountability.ts';

/** One record with its hash-chained timeline, verified: supervisors; a head, their department's records. */
export const handler = httpHandler(accountabilityGetRoute, async (request) => ({
  status: 200,
  body: accountabilityDetail(await recordInReach(request, request.path.id), accountabilityPolicy()),
}));
