import { problems } from '../common/problem.ts';
import { endOfShanghaiDay, shanghaiDateOf } from '../domain/time.ts';
import { currentCalendar } from '../store/calendar.ts';
import { type HigherApproval, writeProject } from '../store/projects.ts';
import { httpHandler, requireIdentity } from './handler.ts';
import { nowIso, projectChanged, projectInReach, projectView } from './project-access.ts';
import { projectsHigherApprovalRoute } from './routes/projects.ts';

/**
 * The officer records a matter waiting on a higher authority (上级审批) with the date news is expected by; they follow
 * it to the end with milestones, and are reminded (by the hourly reconciler, functions/schedule/reconcile.ts) when the
 * date passes without news. The date may not be in the past.
 */
export const handler = httpHandler(projectsHigherApprovalRoute, async (request) => {
  const identity = requireIdentity(request);
  const found = await projectInReach(request, request.path.id);
  const { at, when } = nowIso();
  const { authority, matter, expectedBy } = request.body;
  if (expectedBy < shanghaiDateOf(at)) {
    throw problems.invalid([{ field: 'body.expectedBy', reason: '须为今天或以后 must be today or later' }]);
  }
  const id = `HA${found.higherApprovals.length + 1}`;
  const tracked: HigherApproval = {
    id,
    authority,
    matter,
    expectedBy,
    expectedByAt: endOfShanghaiDay(expectedBy).toISOString(),
    status: 'WAITING',
    trackedAt: when,
    trackedBy: identity.sub,
    milestones: [],
  };
  const written = await writeProject(
    found,
    [
      {
        at: when,
        type: 'HIGHER_APPROVAL_TRACKED',
        by: identity.sub,
        note: `${id} ${authority}：${matter}（预计 ${expectedBy}） expected by ${expectedBy}`,
      },
    ],
    { higherApprovals: [...found.higherApprovals, tracked] },
  );
  if (!written) throw projectChanged(found.id);
  return {
    status: 201,
    headers: { location: `/v1/projects/${found.id}/higher-approvals/${id}` },
    body: { higherApprovalId: id, ...projectView(written, await currentCalendar(), at) },
  };
});
