import { now } from '../common/clock.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { releaseQuota, writeInspection } from '../store/enforcement.ts';
import { concurrentChange, inspectionDetail, inspectionInReach, requireState } from './enforcement-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { enforcementRejectRoute } from './routes/enforcement.ts';

/**
 * The head of the planning department rejects a plan awaiting approval, with the reasons: REJECTED, it never happens,
 * and it no longer counts against the enterprise's inspections of the year (in the same transaction).
 */
export const handler = httpHandler(enforcementRejectRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await inspectionInReach(request, request.path.id);
  requireState(found, 'reject');
  const at = toShanghaiIso(now());
  const reason = request.body.reason;
  const written = await writeInspection(
    found,
    { status: 'REJECTED', rejection: { at, by: identity.sub, reason } },
    { at, type: 'INSPECTION_REJECTED', by: identity.sub, note: `不予批准 Not approved: ${reason}` },
    [releaseQuota(found)],
  );
  if (!written) throw concurrentChange(found.id);
  return { status: 200, body: inspectionDetail(written) };
});
