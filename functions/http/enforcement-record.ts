import { now } from '../common/clock.ts';
import { problems } from '../common/problem.ts';
import { parseInstant, toShanghaiIso } from '../domain/time.ts';
import { writeInspection } from '../store/enforcement.ts';
import { concurrentChange, inspectionDetail, inspectionInReach, requireState } from './enforcement-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { enforcementRecordRoute } from './routes/enforcement.ts';

/**
 * The department records a filed inspection as carried out, with its findings: DONE (its code no longer verifies).
 * Anything not FILED → 409 `inspection-not-filed`: an inspection not approved and filed must not happen.
 */
export const handler = httpHandler(enforcementRecordRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await inspectionInReach(request, request.path.id);
  requireState(found, 'record');
  const at = now();
  const when = toShanghaiIso(at);
  const carried = request.body.carriedOutAt ? (parseInstant(request.body.carriedOutAt) as Date) : at;
  if (carried.getTime() > at.getTime()) {
    throw problems.invalid([{ field: 'body.carriedOutAt', reason: '不得晚于当前时间 must not be in the future' }]);
  }
  const carriedOutAt = toShanghaiIso(carried);
  const written = await writeInspection(
    found,
    { status: 'DONE', result: { at: when, by: identity.sub, findings: request.body.findings, carriedOutAt } },
    { at: when, type: 'INSPECTION_RECORDED', by: identity.sub, note: `已实施检查 Carried out ${carriedOutAt}` },
  );
  if (!written) throw concurrentChange(found.id);
  return { status: 200, body: inspectionDetail(written) };
});
