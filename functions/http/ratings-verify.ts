import { verifyChain } from '../domain/timeline.ts';
import { httpHandler } from './handler.ts';
import { ratingInReach } from './rating-access.ts';
import { ratingsVerifyRoute } from './routes/ratings.ts';

/** Re-computes a rating's hash-chained timeline, from its first event to its stored head (docs/tamper-evidence.md). */
export const handler = httpHandler(ratingsVerifyRoute, async (request) => {
  const found = await ratingInReach(request, request.path.id);
  return { status: 200, body: { id: found.id, ...verifyChain(found.id, found.timeline, found.timelineHead) } };
});
