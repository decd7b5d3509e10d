import { problems } from '../common/problem.ts';
import { policies } from '../domain/duty.ts';
import { getClock } from '../store/clocks.ts';
import { writeGrievance } from '../store/grievances.ts';
import { changedMeanwhile, grievanceInReach, grievanceView, nowIso } from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';

/** The head of the assigned department asks for the one extension of the handling period (+30 days at most). */
export const handler = httpHandler('grievancesExtension', async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  const clock = await getClock({ subject: found.id, duty: 'GRIEVANCE_HANDLE' });
  const max = policies.GRIEVANCE_HANDLE.extensions?.max ?? 0;
  if (found.extension || (clock?.extensions ?? 0) >= max) {
    throw problems.conflict('extension-used', `Grievance ${found.id} already had its one extension.`);
  }
  if (found.status !== 'ACCEPTED') throw changedMeanwhile(found.id);
  const { at, when } = nowIso();
  const { days, reason } = request.body;
  const after = await writeGrievance(
    found,
    {
      at: when,
      type: 'GRIEVANCE_EXTENSION_REQUESTED',
      by: identity.sub,
      note: `申请延期 ${days} 日：${reason} Extension of ${days} day(s) asked: ${reason}`,
    },
    { extension: { days, reason, requestedBy: identity.sub, requestedAt: when, status: 'PENDING' } },
    {},
    // Extension vs the handling deadline: asked only while the deadline is ahead; after it, the stage is overdue.
    { attribute: 'handleBy', before: at.toISOString() },
  );
  if (!after) throw changedMeanwhile(found.id);
  return { status: 200, body: grievanceView(after, 'DEPARTMENT') };
});
