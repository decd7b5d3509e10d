import { now } from '../common/clock.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { writeInspection } from '../store/enforcement.ts';
import { concurrentChange, inspectionDetail, inspectionInReach, requireState } from './enforcement-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { enforcementApproveRoute } from './routes/enforcement.ts';

/** The head of the planning department approves a plan awaiting approval: APPROVED, waiting for supervision to file it. */
export const handler = httpHandler(enforcementApproveRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await inspectionInReach(request, request.path.id);
  requireState(found, 'approve');
  const at = toShanghaiIso(now());
  const note = request.body.note;
  const written = await writeInspection(
    found,
    { status: 'APPROVED', approval: { at, by: identity.sub, ...(note ? { note } : {}) } },
    {
      at,
      type: 'INSPECTION_APPROVED',
      by: identity.sub,
      note: `部门负责人批准，报监察备案 Approved by the head, for supervision to file${note ? `: ${note}` : ''}`,
    },
  );
  if (!written) throw concurrentChange(found.id);
  return { status: 200, body: inspectionDetail(written) };
});
