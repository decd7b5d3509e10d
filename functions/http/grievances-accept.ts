import { problems } from '../common/problem.ts';
import { GRIEVANCE_LIMITS } from '../domain/grievance.ts';
import { currentCalendar } from '../store/calendar.ts';
import { getDepartmentCached } from '../store/catalog.ts';
import { clockEnds, getClock } from '../store/clocks.ts';
import { writeGrievance } from '../store/grievances.ts';
import {
  changedMeanwhile,
  grievanceInReach,
  grievanceView,
  nowIso,
  stageClock,
  startStage,
} from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { grievancesAcceptRoute } from './routes/grievances.ts';

/**
 * Supervision accepts a grievance and assigns it (交办): the acceptance clock ends, the handling clock (60 days)
 * starts, in one transaction. Also late, on one overdue in acceptance.
 */
export const handler = httpHandler(grievancesAcceptRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  if (!(found.status === 'RECEIVED' || (found.status === 'OVERDUE' && found.overdueStage === 'ACCEPT'))) {
    throw changedMeanwhile(found.id);
  }
  if (!(await getDepartmentCached(request.body.assignTo))) {
    throw problems.invalid([
      {
        field: 'body.assignTo',
        reason: '须为部门编号（部门见 GET /v1/departments） must be a department id (GET /v1/departments)',
      },
    ]);
  }
  const { at, when } = nowIso();
  const { clock, deadline } = stageClock(
    await currentCalendar(),
    'GRIEVANCE_HANDLE',
    found.id,
    GRIEVANCE_LIMITS.handle,
    at,
    found.unit,
  );
  const key = { subject: found.id, duty: 'GRIEVANCE_ACCEPT' as const };
  const accepting = await getClock(key);
  const late = found.status === 'OVERDUE';
  const after = await writeGrievance(
    found,
    {
      at: when,
      type: 'GRIEVANCE_ACCEPTED',
      by: identity.sub,
      note: `受理并交办 ${request.body.assignTo}${late ? '（逾期）' : ''} Accepted and assigned to ${request.body.assignTo}${late ? ' (late)' : ''}`,
    },
    { assignedTo: request.body.assignTo, handleBy: deadline },
    {
      created: [clock],
      // A red card already ended the acceptance clock: it keeps its outcome.
      changes:
        accepting && accepting.phase !== 'ENDED'
          ? [clockEnds(key, ['RUNNING', 'OVERDUE'], late ? 'ACCEPTED_LATE' : 'ACCEPTED', when)]
          : [],
    },
  );
  if (!after) throw changedMeanwhile(found.id);
  await startStage(found.id, 'GRIEVANCE_HANDLE');
  return { status: 200, body: grievanceView(after, 'SUPERVISOR') };
});
