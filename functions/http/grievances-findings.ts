import { GRIEVANCE_LIMITS } from '../domain/grievance.ts';
import { currentCalendar } from '../store/calendar.ts';
import { clockEnds, getClock } from '../store/clocks.ts';
import { writeGrievance } from '../store/grievances.ts';
import {
  changedMeanwhile,
  grievanceInReach,
  grievanceView,
  nowIso,
  recordComplaint,
  stageClock,
  startStage,
} from './grievance-access.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { grievancesFindingsRoute } from './routes/grievances.ts';

/**
 * The assigned department answers in writing: findings and the actions taken (both required — a grievance is traced
 * to the end, 一律追查到底). The handling clock ends, the complainant's review window (30 days) starts; a
 * substantiated one puts the department (and the officer where named) on record, reason COMPLAINT.
 */
export const handler = httpHandler(grievancesFindingsRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await grievanceInReach(request, request.path.id);
  if (!(found.status === 'ACCEPTED' || (found.status === 'OVERDUE' && found.overdueStage === 'HANDLE'))) {
    throw changedMeanwhile(found.id);
  }
  const { at, when } = nowIso();
  const late = found.status === 'OVERDUE';
  const { substantiated, findings, actions } = request.body;
  const { clock, deadline } = stageClock(
    await currentCalendar(),
    'GRIEVANCE_REVIEW_WINDOW',
    found.id,
    GRIEVANCE_LIMITS.reviewWindow,
    at,
    found.unit,
  );
  const key = { subject: found.id, duty: 'GRIEVANCE_HANDLE' as const };
  const handling = await getClock(key);
  const after = await writeGrievance(
    found,
    {
      at: when,
      type: 'GRIEVANCE_ANSWERED',
      by: identity.sub,
      note: `${substantiated ? '属实' : '不属实'}${late ? '（逾期）' : ''} ${substantiated ? 'Substantiated' : 'Not substantiated'}${late ? ' (late)' : ''}`,
    },
    { findings: { substantiated, findings, actions, by: identity.sub, at: when, late }, reviewWindowBy: deadline },
    {
      created: [clock],
      changes:
        handling && handling.phase !== 'ENDED'
          ? [clockEnds(key, ['RUNNING', 'OVERDUE'], late ? 'ANSWERED_LATE' : 'ANSWERED', when)]
          : [],
    },
  );
  if (!after) throw changedMeanwhile(found.id);
  if (substantiated) await recordComplaint(found, identity.sub, when);
  await startStage(found.id, 'GRIEVANCE_REVIEW_WINDOW');
  return { status: 200, body: grievanceView(after, 'DEPARTMENT') };
});
