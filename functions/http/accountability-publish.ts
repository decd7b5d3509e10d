import { accountabilityPolicy } from '../common/accountability-policy.ts';
import { now } from '../common/clock.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { idOfRecord, writeRecord } from '../store/accountability.ts';
import { accountabilityDetail, concurrentChange, recordInReach, requireState } from './accountability-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { accountabilityPublishRoute } from './routes/accountability.ts';

/**
 * A supervisor discloses a DECIDED record to the public (公开): PUBLISHED, on GET /v1/public/accountability from now
 * on. Anything not decided (open, under investigation, dismissed, published already) → 409.
 */
export const handler = httpHandler(accountabilityPublishRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await recordInReach(request, request.path.id);
  requireState(found, 'publish');
  const atIso = toShanghaiIso(now());
  const written = await writeRecord(
    found,
    { status: 'PUBLISHED', publication: { at: atIso, by: identity.sub } },
    {
      at: atIso,
      type: 'ACCOUNTABILITY_PUBLISHED',
      by: identity.sub,
      note: `处理结果向社会公开 Disclosed to the public${request.body.note ? `: ${request.body.note}` : ''}`,
    },
  );
  if (!written) throw concurrentChange(idOfRecord(found));
  return { status: 200, body: accountabilityDetail(written, accountabilityPolicy()) };
});
