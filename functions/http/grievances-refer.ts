import { clockEnds, getClock } from '../store/clocks.ts';
import { writeGrievance } from '../store/grievances.ts';
import { changedMeanwhile, grievanceInReach, grievanceView, nowIso } from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { grievancesReferRoute } from './routes/grievances.ts';

/** Supervision refers a grievance to the agency competent to handle it (转送): the acceptance clock ends. */
export const handler = httpHandler(grievancesReferRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  if (!(found.status === 'RECEIVED' || (found.status === 'OVERDUE' && found.overdueStage === 'ACCEPT'))) {
    throw changedMeanwhile(found.id);
  }
  const { when } = nowIso();
  const key = { subject: found.id, duty: 'GRIEVANCE_ACCEPT' as const };
  const accepting = await getClock(key);
  const { agency, reason } = request.body;
  const after = await writeGrievance(
    found,
    { at: when, type: 'GRIEVANCE_REFERRED', by: identity.sub, note: `转送 Referred to ${agency}: ${reason}` },
    { referral: { agency, reason, by: identity.sub, at: when } },
    {
      changes:
        accepting && accepting.phase !== 'ENDED' ? [clockEnds(key, ['RUNNING', 'OVERDUE'], 'REFERRED', when)] : [],
    },
  );
  if (!after) throw changedMeanwhile(found.id);
  return { status: 200, body: grievanceView(after, 'SUPERVISOR') };
});
